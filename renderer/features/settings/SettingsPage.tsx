import { Alert, Stack, Text, Title } from '@mantine/core';
import { type RefObject } from 'react';
import { fr } from '../../i18n/fr';
import { useChannel } from '../../transport/ApiContext';
import { RetentionPanel } from './RetentionPanel';
import { SettingsForm } from './SettingsForm';

export function SettingsPage({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { data: settings, error, loading } = useChannel('settings:get');

  return (
    <Stack gap="lg" maw={720}>
      <Title order={2} ref={headingRef} tabIndex={-1}>
        {fr.settings.title}
      </Title>
      {loading && !settings && <Text>{fr.app.loading}</Text>}
      {error && !settings && (
        <Alert color="red" title={fr.settings.loadFailed} role="alert">
          {error.message}
        </Alert>
      )}
      {settings && <SettingsForm initial={settings} />}
      {settings && <RetentionPanel />}
    </Stack>
  );
}
