/** First run: the administrator's account, created through the one channel public while no account exists. */
import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { PASSWORD_MIN_LENGTH, type SessionView, StaffLogin } from '../../../shared/schemas/auth';
import { fr } from '../../i18n/fr';
import { useApi } from '../../transport/ApiContext';
import { FormError } from './FormError';
import { GateScreen } from './GateScreen';

interface Fields {
  login: string;
  displayName: string;
  password: string;
  confirm: string;
}
type FieldErrors = Partial<Record<keyof Fields, string>>;

export function validateAccountFields(fields: Fields): FieldErrors {
  const errors: FieldErrors = {};
  if (!StaffLogin.safeParse(fields.login).success) errors.login = fr.auth.loginInvalid;
  if (fields.displayName.trim() === '') errors.displayName = fr.auth.displayNameRequired;
  if (fields.password.length < PASSWORD_MIN_LENGTH) errors.password = fr.auth.passwordTooShort(PASSWORD_MIN_LENGTH);
  if (fields.confirm !== fields.password) errors.confirm = fr.auth.passwordMismatch;
  return errors;
}

export function SetupForm({ onSession }: { onSession: (view: SessionView) => void }) {
  const api = useApi();
  const [fields, setFields] = useState<Fields>({ login: '', displayName: '', password: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const firstRef = useRef<HTMLInputElement | null>(null);

  useEffect(() => {
    firstRef.current?.focus();
  }, []);

  const edit = (key: keyof Fields) => (event: { currentTarget: HTMLInputElement }) => {
    const value = event.currentTarget.value;
    setFields((previous) => ({ ...previous, [key]: value }));
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = validateAccountFields(fields);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const result = await api['auth:setup']({
      login: fields.login,
      displayName: fields.displayName,
      password: fields.password,
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    onSession(result.value);
  }

  return (
    <GateScreen heading={fr.auth.setupTitle} intro={fr.auth.setupIntro}>
      <form onSubmit={(event) => void submit(event)} noValidate aria-label={fr.auth.setupTitle}>
        <Stack gap="sm">
          <TextInput
            ref={firstRef}
            label={fr.auth.displayName}
            autoComplete="name"
            value={fields.displayName}
            onChange={edit('displayName')}
            error={errors.displayName}
            required
          />
          <TextInput
            label={fr.auth.login}
            description={fr.auth.loginHint}
            autoComplete="username"
            value={fields.login}
            onChange={edit('login')}
            error={errors.login}
            required
          />
          <PasswordInput
            label={fr.auth.password}
            description={fr.auth.passwordHint(PASSWORD_MIN_LENGTH)}
            autoComplete="new-password"
            value={fields.password}
            onChange={edit('password')}
            error={errors.password}
            required
          />
          <PasswordInput
            label={fr.auth.passwordConfirm}
            autoComplete="new-password"
            value={fields.confirm}
            onChange={edit('confirm')}
            error={errors.confirm}
            required
          />
          <FormError message={error} />
          <Button type="submit" loading={busy}>
            {fr.auth.setup}
          </Button>
        </Stack>
      </form>
    </GateScreen>
  );
}
