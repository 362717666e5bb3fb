/** The sign-in screen: login and password, the services' French refusal shown as it comes. */
import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type SessionView } from '../../../shared/schemas/auth';
import { fr } from '../../i18n/fr';
import { useApi } from '../../transport/ApiContext';
import { FormError } from './FormError';
import { GateScreen } from './GateScreen';

export function SignInForm({ onSession }: { onSession: (view: SessionView) => void }) {
  const api = useApi();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const loginRef = useRef<HTMLInputElement | null>(null);

  useEffect(() => {
    loginRef.current?.focus();
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (login.trim() === '' || password === '') {
      setError(fr.auth.required);
      return;
    }
    setBusy(true);
    const result = await api['auth:signIn']({ login, password });
    setBusy(false);
    setPassword('');
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    onSession(result.value);
  }

  return (
    <GateScreen heading={fr.auth.signInTitle} intro={fr.auth.signInIntro}>
      <form onSubmit={(event) => void submit(event)} noValidate aria-label={fr.auth.signInTitle}>
        <Stack gap="sm">
          <TextInput
            ref={loginRef}
            label={fr.auth.login}
            name="username"
            autoComplete="username"
            value={login}
            onChange={(event) => setLogin(event.currentTarget.value)}
            required
          />
          <PasswordInput
            label={fr.auth.password}
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            required
          />
          <FormError message={error} />
          <Button type="submit" loading={busy}>
            {fr.auth.signIn}
          </Button>
        </Stack>
      </form>
    </GateScreen>
  );
}
