/** Who is signed in, and the two ways to leave the desk: lock (keeps the session) or sign out. */
import { Button, Stack, Text } from '@mantine/core';
import { fr } from '../../i18n/fr';
import { useApi } from '../../transport/ApiContext';
import { useSession } from './SessionContext';

export function SessionControls() {
  const api = useApi();
  const { member, apply } = useSession();

  async function run(channel: 'auth:lock' | 'auth:signOut') {
    const result = await api[channel]();
    if (result.ok) apply(result.value);
  }

  return (
    <Stack gap={6} aria-label={fr.auth.sessionLabel} role="group">
      <Text size="sm" data-testid="signed-in-member">
        {fr.auth.signedInAs(member.displayName, fr.auth.roles[member.role])}
      </Text>
      <Button size="xs" variant="default" onClick={() => void run('auth:lock')}>
        {fr.auth.lockNow}
      </Button>
      <Button size="xs" variant="default" onClick={() => void run('auth:signOut')}>
        {fr.auth.signOut}
      </Button>
    </Stack>
  );
}
