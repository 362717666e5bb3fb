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

const STATE_COLOR: Record<ConnectionState, string> = {
  unknown: 'gray',
  online: 'green',
  offline: 'red',
  'needs-credentials': 'orange',
  unconfigured: 'gray',
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
      style={{ maxWidth: '42rem' }}
    >
      <Group gap="xs" wrap="wrap" align="center">
        <Badge
          color={status ? STATE_COLOR[status.connection] : 'gray'}
          variant="filled"
          size="lg"
          data-testid="sync-state"
        >
          {stateLabel}
        </Badge>
        {status && (
          <>
            <Text size="sm" data-testid="sync-last-contact">
              {status.lastContactAt
                ? fr.sync.lastContact(formatDateTime(status.lastContactAt))
                : fr.sync.neverContacted}
            </Text>
            <Text size="sm" data-testid="sync-counts">
              {fr.sync.counts(
                formatNumber(status.pending),
                formatNumber(status.conflicts),
                formatNumber(status.errors),
              )}
            </Text>
          </>
        )}
        <Button size="compact-sm" variant="outline" onClick={() => void checkConnection()} loading={checking}>
          {fr.sync.check}
        </Button>
      </Group>
      {(status?.message || problem) && (
        <Text
          size="sm"
          data-testid="sync-message"
          lineClamp={2}
          visibleFrom="sm"
          title={problem ?? status?.message ?? undefined}
        >
          {problem ?? status?.message}
        </Text>
      )}
      <VisuallyHidden role="status" aria-live="polite" aria-atomic="true">
        {fr.sync.announce(stateLabel)}
      </VisuallyHidden>
    </section>
  );
}
