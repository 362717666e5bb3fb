/**
 * The sync bar, always in the header: what the sync engine is doing, when it last reached the
 * Region, what is waiting to be sent, and « Synchroniser maintenant ». Changes of phase are
 * announced to screen readers through a polite live region.
 */
import { Badge, Button, Group, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { type SyncPhase, type SyncStatus } from '../../shared/ipc/contract';
import { fr } from '../i18n/fr';
import { formatDateTime, formatNumber } from '../i18n/format';
import { useApi } from '../transport/ApiContext';
import { downloadTextFile } from './downloadTextFile';
import { useSyncStatus } from './SyncStatusContext';

// Dark shades only: white badge text keeps a contrast ratio above 4.5:1 (RGAA 3.2).
const PHASE_COLOR: Record<SyncPhase, string> = {
  idle: '#237032',
  syncing: '#1c5d99',
  offline: '#c92a2a',
  error: '#c92a2a',
  'needs-credentials': '#b03a08',
  unconfigured: '#495057',
};

function progressText(status: SyncStatus): string | null {
  if (!status.progress) return null;
  const { step, done, total } = status.progress;
  return fr.sync.progress(fr.sync.step[step], formatNumber(done), total === null ? null : formatNumber(total));
}

export function SyncIndicator() {
  const api = useApi();
  const { data: status, error, refresh } = useSyncStatus();
  const [running, setRunning] = useState(false);
  const [actionMessage, setActionMessage] = useState<string | null>(null);

  async function syncNow() {
    setRunning(true);
    const result = await api['sync:run']();
    setActionMessage(result.ok ? null : result.error.message);
    await refresh();
    setRunning(false);
  }

  async function exportPending() {
    const result = await api['decisions:exportPending']();
    if (!result.ok) {
      setActionMessage(result.error.message);
      return;
    }
    downloadTextFile(result.value.fileName, result.value.content, 'text/csv;charset=utf-8');
    setActionMessage(fr.sync.exportDone(formatNumber(result.value.rows), result.value.fileName));
  }

  const stateLabel = status ? fr.sync.phase[status.phase] : fr.sync.unavailable;
  const problem = actionMessage ?? (error && !status ? error.message : null);
  const progress = status ? progressText(status) : null;

  return (
    <section
      aria-label={fr.sync.regionLabel}
      data-testid="sync-indicator"
      data-connection={status?.connection ?? ''}
      data-phase={status?.phase ?? ''}
      style={{ flex: '0 1 38rem', minWidth: 0 }}
    >
      <Group gap="xs" wrap="nowrap" align="center">
        <Badge color={PHASE_COLOR[status?.phase ?? 'unconfigured']} variant="filled" size="lg" data-testid="sync-state">
          {stateLabel}
        </Badge>
        <Button size="compact-sm" variant="outline" onClick={() => void syncNow()} loading={running}>
          {fr.sync.syncNow}
        </Button>
        {status && status.pending > 0 && (
          <Button size="compact-sm" variant="subtle" onClick={() => void exportPending()}>
            {fr.sync.exportPending}
          </Button>
        )}
      </Group>
      {status && (
        <Group gap="xs" wrap="wrap" mt={4}>
          <Text size="sm" data-testid="sync-last-sync">
            {status.lastSyncAt ? fr.sync.lastSync(formatDateTime(status.lastSyncAt)) : fr.sync.neverSynced}
          </Text>
          <Text size="sm" data-testid="sync-counts">
            {fr.sync.counts(formatNumber(status.pending), formatNumber(status.conflicts), formatNumber(status.errors))}
          </Text>
          {status.oldestPendingAt && (
            <Text size="sm" data-testid="sync-oldest-pending">
              {fr.sync.oldestPending(formatDateTime(status.oldestPendingAt))}
            </Text>
          )}
          {progress && (
            <Text size="sm" data-testid="sync-progress">
              {progress}
            </Text>
          )}
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
