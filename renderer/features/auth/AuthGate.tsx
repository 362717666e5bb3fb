/**
 * Shows the app only to a signed-in, unlocked member. The session is the services' (sessionStore
 * mirrors it, polled with a public call that does not count as activity), so an idle lock decided
 * there shows here within seconds, and any call answered LOCKED or UNAUTHENTICATED re-reads it.
 * Locked or signed out, the app is unmounted: no student data stays on screen or in the page.
 */
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { type ReactNode, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { type SessionMember, type SessionView } from '../../../shared/schemas/auth';
import { fr } from '../../i18n/fr';
import { ApiProvider, useApi } from '../../transport/ApiContext';
import { LockScreen } from './LockScreen';
import { SessionContext, type SessionContextValue } from './SessionContext';
import { sessionAwareApi } from './sessionAwareApi';
import { createSessionStore } from './sessionStore';
import { SetupForm } from './SetupForm';
import { SignInForm } from './SignInForm';
import { useActivityReporter } from './useActivityReporter';

function ActiveSession({
  member,
  idleLockSeconds,
  apply,
  children,
}: {
  member: SessionMember;
  idleLockSeconds: number;
  apply: (view: SessionView) => void;
  children: ReactNode;
}) {
  useActivityReporter(idleLockSeconds, apply);
  const { id, login, displayName, role } = member;
  // Stable while the same member stays signed in, so the app does not re-render on each poll.
  const value = useMemo<SessionContextValue>(
    () => ({ member: { id, login, displayName, role }, idleLockSeconds, apply }),
    [id, login, displayName, role, idleLockSeconds, apply],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function AuthGate({ children }: { children: ReactNode }) {
  const api = useApi();
  const [store] = useState(() => createSessionStore(api));
  const { session, unavailable } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const guardedApi = useMemo(() => sessionAwareApi(api), [api]);

  useEffect(() => store.start(), [store]);

  if (!session) {
    return (
      <Center component="main" mih="100vh" p="md">
        {unavailable ? (
          <Stack align="center">
            <Alert color="red" title={fr.errors.title} role="alert">
              {fr.auth.unavailable} {unavailable}
            </Alert>
            <Button onClick={() => void store.refresh()}>{fr.auth.retry}</Button>
          </Stack>
        ) : (
          <Stack align="center" role="status">
            <Loader aria-hidden />
            <Text>{fr.auth.loading}</Text>
          </Stack>
        )}
      </Center>
    );
  }
  if (session.state === 'setup') return <SetupForm onSession={store.apply} />;
  if (session.state === 'signedOut' || !session.member) return <SignInForm onSession={store.apply} />;
  if (session.state === 'locked') return <LockScreen member={session.member} onSession={store.apply} />;
  return (
    <ApiProvider api={guardedApi}>
      <ActiveSession member={session.member} idleLockSeconds={session.idleLockSeconds} apply={store.apply}>
        {children}
      </ActiveSession>
    </ApiProvider>
  );
}
