/** Staff accounts: list, add, disable/re-enable, reset a password. Passwords are never shown back. */
import { Alert, Button, Group, NativeSelect, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { StaffRole } from '../../../shared/ipc/access';
import { PASSWORD_MIN_LENGTH, type StaffAccount, StaffLogin } from '../../../shared/schemas/auth';
import { fr } from '../../i18n/fr';
import { type ChannelState, useApi } from '../../transport/ApiContext';
import { FormError } from '../auth/FormError';

type Feedback = { kind: 'success' | 'error'; text: string } | null;

const ROLE_OPTIONS = StaffRole.options.map((role) => ({ value: role, label: fr.auth.roles[role] }));

function formatDate(iso: string | null): string {
  if (!iso) return fr.admin.never;
  return new Date(iso).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short' });
}

function AddStaffForm({ onAdded }: { onAdded: (account: StaffAccount) => void }) {
  const api = useApi();
  const [login, setLogin] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<StaffRole>('secretariat');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'login' | 'displayName' | 'password', string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: typeof errors = {};
    if (!StaffLogin.safeParse(login).success) found.login = fr.auth.loginInvalid;
    if (displayName.trim() === '') found.displayName = fr.auth.displayNameRequired;
    if (password.length < PASSWORD_MIN_LENGTH) found.password = fr.auth.passwordTooShort(PASSWORD_MIN_LENGTH);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const result = await api['staff:add']({ login, displayName, role, password });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setError(null);
    setLogin('');
    setDisplayName('');
    setPassword('');
    onAdded(result.value);
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="add-staff-title">
      <Stack gap="sm" maw={520}>
        <Title order={4} id="add-staff-title">
          {fr.admin.addTitle}
        </Title>
        <TextInput
          label={fr.auth.displayName}
          value={displayName}
          onChange={(e) => setDisplayName(e.currentTarget.value)}
          error={errors.displayName}
          required
        />
        <TextInput
          label={fr.auth.login}
          description={fr.auth.loginHint}
          value={login}
          onChange={(e) => setLogin(e.currentTarget.value)}
          error={errors.login}
          autoComplete="off"
          required
        />
        <NativeSelect
          label={fr.admin.role}
          description={fr.admin.roleHelp}
          data={ROLE_OPTIONS}
          value={role}
          onChange={(event) => setRole(StaffRole.parse(event.currentTarget.value))}
        />
        <PasswordInput
          label={fr.auth.password}
          description={fr.auth.passwordHint(PASSWORD_MIN_LENGTH)}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={errors.password}
          autoComplete="new-password"
          required
        />
        <FormError message={error} />
        <Group>
          <Button type="submit" loading={busy}>
            {fr.admin.add}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ResetPasswordForm({
  account,
  onDone,
  onCancel,
}: {
  account: StaffAccount;
  onDone: (account: StaffAccount) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (password.length < PASSWORD_MIN_LENGTH) {
      setError(fr.auth.passwordTooShort(PASSWORD_MIN_LENGTH));
      return;
    }
    setBusy(true);
    const result = await api['staff:resetPassword']({ staffId: account.id, password });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    onDone(result.value);
  }

  return (
    <form
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label={fr.admin.resetPasswordOf(account.displayName)}
    >
      <Stack gap="xs" maw={520}>
        <PasswordInput
          label={`${fr.admin.newPassword} (${account.displayName})`}
          description={fr.auth.passwordHint(PASSWORD_MIN_LENGTH)}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          autoComplete="new-password"
          data-autofocus
        />
        <FormError message={error} />
        <Group>
          <Button type="submit" loading={busy}>
            {fr.admin.resetPassword}
          </Button>
          <Button type="button" variant="default" onClick={onCancel}>
            {fr.admin.cancel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function StaffPanel({ staff }: { staff: ChannelState<{ items: StaffAccount[] }> }) {
  const api = useApi();
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [resetting, setResetting] = useState<StaffAccount | null>(null);

  async function toggle(account: StaffAccount) {
    const result = await api['staff:update']({ staffId: account.id, active: !account.active });
    if (!result.ok) setFeedback({ kind: 'error', text: result.error.message });
    else setFeedback({ kind: 'success', text: fr.admin.updated(result.value.displayName) });
    await staff.refresh();
  }

  return (
    <Stack gap="md" component="section" aria-labelledby="staff-title">
      <Title order={3} id="staff-title">
        {fr.admin.staffTitle}
      </Title>
      {staff.error && <Alert color="red">{`${fr.admin.loadFailed} ${staff.error.message}`}</Alert>}
      <Table striped withTableBorder>
        <Table.Caption>{fr.admin.staffCaption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{fr.admin.name}</Table.Th>
            <Table.Th scope="col">{fr.admin.login}</Table.Th>
            <Table.Th scope="col">{fr.admin.role}</Table.Th>
            <Table.Th scope="col">{fr.admin.state}</Table.Th>
            <Table.Th scope="col">{fr.admin.lastSignIn}</Table.Th>
            <Table.Th scope="col">{fr.admin.actions}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(staff.data?.items ?? []).map((account) => (
            <Table.Tr key={account.id}>
              <Table.Td>{account.displayName}</Table.Td>
              <Table.Td>{account.login}</Table.Td>
              <Table.Td>{fr.auth.roles[account.role]}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={account.active ? 600 : 400}>
                  {account.active ? fr.admin.active : fr.admin.disabled}
                </Text>
              </Table.Td>
              <Table.Td>{formatDate(account.lastSignInAt)}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={
                      account.active ? fr.admin.disable(account.displayName) : fr.admin.enable(account.displayName)
                    }
                    onClick={() => void toggle(account)}
                  >
                    {account.active ? fr.admin.disableLabel : fr.admin.enableLabel}
                  </Button>
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={fr.admin.resetPasswordOf(account.displayName)}
                    onClick={() => setResetting(account)}
                  >
                    {fr.admin.resetPassword}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {resetting && (
        <ResetPasswordForm
          key={resetting.id}
          account={resetting}
          onCancel={() => setResetting(null)}
          onDone={(account) => {
            setResetting(null);
            setFeedback({ kind: 'success', text: fr.admin.resetDone(account.displayName) });
          }}
        />
      )}
      {feedback && (
        <Alert
          color={feedback.kind === 'success' ? 'green' : 'red'}
          role={feedback.kind === 'error' ? 'alert' : 'status'}
        >
          {feedback.text}
        </Alert>
      )}
      <AddStaffForm
        onAdded={(account) => {
          setFeedback({ kind: 'success', text: fr.admin.added(account.displayName) });
          void staff.refresh();
        }}
      />
    </Stack>
  );
}
