/**
 * Always in the header: whether the Region can be reached, what is waiting to be sent, and a way to
 * check now. Changes of state are announced to screen readers through a polite live region.
 */
import { Badge, Button, Group, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { type ConnectionState } from '../../shared/ipc/contract';
import { fr } from '../i18n/fr';
import { formatDateTime, formatNumber } from '../i18n/format';
import { useApi } from '../transport/ApiContext';
import { useSyncStatus } from './SyncStatusContext';

// Dark shades only: white badge text keeps a contrast ratio above 4.5:1 (RGAA 3.2).
const STATE_COLOR: Record<ConnectionState, string> = {
  unknown: '#495057',
  online: '#237032',
  offline: '#c92a2a',
  'needs-credentials': '#b03a08',
  unconfigured: '#495057',
};

export function SyncIndicator() {
  const api = useApi();
  const { data: status, error, refresh } = useSyncStatus();
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string | null>(null);

  async function checkConnection() {
    setChecking(true);
    const result = await api['sync:checkConnection']();
    setCheckError(result.ok ? null : result.error.message);
    await refresh();
    setChecking(false);
  }

  const stateLabel = status ? fr.sync.connection[status.connection] : fr.sync.unavailable;
  const problem = checkError ?? (error && !status ? error.message : null);

  return (
    <section
      aria-label={fr.sync.regionLabel}
      data-testid="sync-indicator"
      data-connection={status?.connection ?? ''}
      style={{ flex: '0 1 34rem', minWidth: 0 }}
    >
      <Group gap="xs" wrap="nowrap" align="center">
        <Badge color={STATE_COLOR[status?.connection ?? 'unknown']} variant="filled" size="lg" data-testid="sync-state">
          {stateLabel}
        </Badge>
        <Button size="compact-sm" variant="outline" onClick={() => void checkConnection()} loading={checking}>
          {fr.sync.check}
        </Button>
      </Group>
      {status && (
        <Group gap="xs" wrap="wrap" mt={4}>
          <Text size="sm" data-testid="sync-last-contact">
            {status.lastContactAt ? fr.sync.lastContact(formatDateTime(status.lastContactAt)) : fr.sync.neverContacted}
          </Text>
          <Text size="sm" data-testid="sync-counts">
            {fr.sync.counts(formatNumber(status.pending), formatNumber(status.conflicts), formatNumber(status.errors))}
          </Text>
        </Group>
      )}
      {(status?.message || problem) && (
        <Text size="sm" data-testid="sync-message" lineClamp={1} title={problem ?? status?.message ?? undefined}>
          {problem ?? status?.message}
        </Text>
      )}
      <VisuallyHidden role="status" aria-live="polite" aria-atomic="true">
        {fr.sync.announce(stateLabel)}
      </VisuallyHidden>
    </section>
  );
}
