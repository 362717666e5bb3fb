/** The idle delay after which the workstation's session locks (10 minutes by default). */
import { Alert, Button, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { fr } from '../../i18n/fr';
import { useApi, useChannel } from '../../transport/ApiContext';

const MIN_MINUTES = 1;
const MAX_MINUTES = 240;

function IdleLockForm({ seconds, onSaved }: { seconds: number; onSaved: () => Promise<void> }) {
  const api = useApi();
  const [minutes, setMinutes] = useState<string | number>(Math.max(MIN_MINUTES, Math.round(seconds / 60)));
  const [feedback, setFeedback] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = typeof minutes === 'number' ? minutes : Number(minutes);
    if (!Number.isInteger(value) || value < MIN_MINUTES || value > MAX_MINUTES) {
      setFeedback({ kind: 'error', text: fr.admin.idleInvalid });
      return;
    }
    const result = await api['auth:setIdleLock']({ idleLockSeconds: value * 60 });
    if (!result.ok) {
      setFeedback({ kind: 'error', text: result.error.message });
      return;
    }
    setFeedback({ kind: 'success', text: fr.admin.idleSaved });
    await onSaved();
  }

  return (
    <>
      <form onSubmit={(event) => void save(event)} noValidate aria-labelledby="idle-title">
        <Group align="flex-end">
          <NumberInput
            label={fr.admin.idleLabel}
            min={MIN_MINUTES}
            max={MAX_MINUTES}
            allowDecimal={false}
            value={minutes}
            onChange={setMinutes}
            w={320}
          />
          <Button type="submit">{fr.admin.idleSave}</Button>
        </Group>
      </form>
      {feedback && (
        <Alert
          color={feedback.kind === 'success' ? 'green' : 'red'}
          role={feedback.kind === 'error' ? 'alert' : 'status'}
        >
          {feedback.text}
        </Alert>
      )}
    </>
  );
}

export function IdleLockPanel() {
  const current = useChannel('auth:getIdleLock');
  const seconds = current.data?.idleLockSeconds;

  return (
    <Stack gap="sm" component="section" aria-labelledby="idle-title">
      <Title order={3} id="idle-title">
        {fr.admin.idleTitle}
      </Title>
      {current.error && <Alert color="red">{`${fr.admin.loadFailed} ${current.error.message}`}</Alert>}
      {seconds !== undefined && (
        <>
          <Text size="sm" data-testid="idle-current">
            {fr.admin.idleCurrent(fr.admin.seconds(seconds))}
          </Text>
          <IdleLockForm seconds={seconds} onSaved={current.refresh} />
        </>
      )}
    </Stack>
  );
}
