/**
 * The locked session: the app is unmounted (no student data left on screen or in the page), the
 * member types the password again, or signs out so that someone else can sign in.
 */
import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type SessionMember, type SessionView } from '../../../shared/schemas/auth';
import { fr } from '../../i18n/fr';
import { useApi } from '../../transport/ApiContext';
import { FormError } from './FormError';
import { GateScreen } from './GateScreen';

export function LockScreen({ member, onSession }: { member: SessionMember; onSession: (view: SessionView) => void }) {
  const api = useApi();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement | null>(null);

  useEffect(() => {
    passwordRef.current?.focus();
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (password === '') {
      setError(fr.auth.required);
      return;
    }
    setBusy(true);
    const result = await api['auth:unlock']({ password });
    setBusy(false);
    setPassword('');
    if (!result.ok) {
      setError(result.error.message);
      // The session may have ended meanwhile (another member signed in): follow it.
      if (result.error.code === 'CONFLICT') {
        const now = await api['auth:session']();
        if (now.ok) onSession(now.value);
      }
      return;
    }
    onSession(result.value);
  }

  async function switchUser() {
    const result = await api['auth:signOut']();
    if (result.ok) onSession(result.value);
    else setError(result.error.message);
  }

  return (
    <GateScreen heading={fr.auth.lockedTitle} intro={fr.auth.lockedIntro(member.displayName)}>
      <form onSubmit={(event) => void submit(event)} noValidate aria-label={fr.auth.lockedTitle}>
        <Stack gap="sm">
          {/* The login, for password managers and screen readers; not editable here. */}
          <input type="hidden" name="username" autoComplete="username" value={member.login} readOnly />
          <PasswordInput
            ref={passwordRef}
            label={fr.auth.password}
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            required
          />
          <FormError message={error} />
          <Group justify="space-between">
            <Button type="submit" loading={busy}>
              {fr.auth.unlock}
            </Button>
            <Button type="button" variant="default" onClick={() => void switchUser()}>
              {fr.auth.switchUser}
            </Button>
          </Group>
        </Stack>
      </form>
    </GateScreen>
  );
}
