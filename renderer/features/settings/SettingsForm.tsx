/**
 * The Region API connection. The secret is write-only: the services only say whether one is
 * stored, so the field starts empty and staff either leave it (keep), type a new one (replace) or
 * tick « Effacer » (erase).
 */
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Notification,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { type Settings } from '../../../shared/ipc/contract';
import { useAppInfo } from '../../app/AppInfoContext';
import { useSyncStatus } from '../../app/SyncStatusContext';
import { fr } from '../../i18n/fr';
import { useApi } from '../../transport/ApiContext';
import { type DraftErrors, draftFromSettings, type SettingsDraft, toUpdate } from './settingsDraft';

type Feedback = { kind: 'success' | 'error'; text: string } | null;

export function SettingsForm({ initial }: { initial: Settings }) {
  const api = useApi();
  const appInfo = useAppInfo();
  const syncStatus = useSyncStatus();
  const [settings, setSettings] = useState(initial);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFromSettings(initial));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [testResult, setTestResult] = useState<string | null>(null);
  const env = settings.fromEnvironment;

  function edit<K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) {
    setDraft((previous) => ({ ...previous, [key]: value }));
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const check = toUpdate(draft, settings);
    if (!check.ok) {
      setErrors(check.errors);
      setFeedback({ kind: 'error', text: fr.settings.formErrors });
      return;
    }
    setErrors({});
    setSaving(true);
    const result = await api['settings:update'](check.update);
    setSaving(false);
    if (!result.ok) {
      setFeedback({ kind: 'error', text: `${fr.settings.saveFailed} ${result.error.message}` });
      return;
    }
    setSettings(result.value);
    setDraft(draftFromSettings(result.value));
    setFeedback({ kind: 'success', text: fr.settings.saved });
    // The mode and the connection may have changed: the header must follow at once.
    await Promise.all([appInfo.refresh(), syncStatus.refresh()]);
  }

  async function testConnection() {
    setTesting(true);
    const result = await api['sync:checkConnection']();
    setTesting(false);
    if (result.ok) {
      const state = fr.sync.connection[result.value.connection];
      setTestResult([fr.settings.testResult(state), result.value.message].filter(Boolean).join(' — '));
    } else {
      setTestResult(`${fr.settings.testResult(fr.errors.title)} — ${result.error.message}`);
    }
    await syncStatus.refresh();
  }

  return (
    <form onSubmit={(event) => void save(event)} noValidate aria-labelledby="settings-connection-title">
      <Stack gap="md">
        <Title order={3} id="settings-connection-title">
          {fr.settings.connectionTitle}
        </Title>
        <Text data-testid="settings-mode" data-mode={settings.mode}>
          <strong>{fr.settings.modeLabel} :</strong> {fr.settings.mode[settings.mode]}
        </Text>
        {settings.mode === 'demo' && (
          <Alert color="orange" variant="outline" data-testid="demo-explanation">
            {fr.settings.demoExplanation}
          </Alert>
        )}
        {settings.mode === 'unconfigured' && (
          <Alert color="orange" variant="outline">
            {fr.settings.unconfiguredExplanation}
          </Alert>
        )}

        <TextInput
          label={fr.settings.url}
          description={env.regionApiUrl ? fr.settings.fromEnvironment('REGION_API_URL') : fr.settings.urlDescription}
          value={draft.regionApiUrl}
          onChange={(event) => edit('regionApiUrl', event.currentTarget.value)}
          readOnly={env.regionApiUrl}
          error={errors.regionApiUrl}
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://"
        />
        <TextInput
          label={fr.settings.clientId}
          description={env.clientId ? fr.settings.fromEnvironment('REGION_CLIENT_ID') : undefined}
          value={draft.clientId}
          onChange={(event) => edit('clientId', event.currentTarget.value)}
          readOnly={env.clientId}
          error={errors.clientId}
          autoComplete="off"
          spellCheck={false}
        />

        {env.clientSecret ? (
          <Text size="sm" data-testid="secret-from-env">
            {fr.settings.secretFromEnvironment}
          </Text>
        ) : (
          <Stack gap="xs">
            <Text size="sm" data-testid="secret-state">
              {settings.hasClientSecret ? fr.settings.secretStored : fr.settings.noSecretStored}
            </Text>
            <PasswordInput
              label={fr.settings.clientSecret}
              description={settings.hasClientSecret ? fr.settings.secretKeepHint : fr.settings.secretNewHint}
              value={draft.clientSecret}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setDraft((previous) => ({ ...previous, clientSecret: value, eraseSecret: false }));
              }}
              error={errors.clientSecret}
              autoComplete="new-password"
              disabled={draft.eraseSecret}
            />
            {settings.hasClientSecret && (
              <Checkbox
                label={fr.settings.eraseSecret}
                checked={draft.eraseSecret}
                onChange={(event) => {
                  const checked = event.currentTarget.checked;
                  setDraft((previous) => ({ ...previous, eraseSecret: checked, clientSecret: '' }));
                }}
              />
            )}
          </Stack>
        )}

        <Group gap="sm">
          <Button type="submit" loading={saving}>
            {fr.settings.save}
          </Button>
          <Button type="button" variant="outline" loading={testing} onClick={() => void testConnection()}>
            {fr.settings.test}
          </Button>
        </Group>

        <div role="status" aria-live="polite" aria-atomic="true">
          {feedback && (
            <Notification
              color={feedback.kind === 'success' ? 'green' : 'red'}
              withCloseButton
              closeButtonProps={{ 'aria-label': fr.settings.close }}
              onClose={() => setFeedback(null)}
              data-testid="settings-feedback"
              data-kind={feedback.kind}
            >
              {feedback.text}
            </Notification>
          )}
          {testResult && (
            <Text size="sm" mt="xs" data-testid="settings-test-result">
              {testResult}
            </Text>
          )}
        </div>
      </Stack>
    </form>
  );
}
