/**
 * Revalidations the Region refused or found already done elsewhere this year: shown under the
 * decisions, with the Region's message, and dismissed by staff once followed up (a revalidation
 * has no version to decide again on). The sync bar counts them until then.
 */
import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { type RevalidationView } from '../../../shared/schemas/revalidation';
import { fr } from '../../i18n/fr';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { useApi, useChannel } from '../../transport/ApiContext';
import { useSyncStatus } from '../../app/SyncStatusContext';

const POLL_MS = 10_000;

export function RevalidationProblems({ onAnnounce }: { onAnnounce: (message: string) => void }) {
  const api = useApi();
  const t = fr.conflicts.revalidations;
  const problems = useChannel('revalidations:problems', undefined, { pollMs: POLL_MS });
  const { refresh: refreshSync } = useSyncStatus();
  const [busy, setBusy] = useState<string | null>(null);
  const items = problems.data?.items ?? [];

  async function dismiss(item: RevalidationView): Promise<void> {
    setBusy(item.id);
    const result = await api['revalidations:dismiss']({ revalidationId: item.id });
    setBusy(null);
    if (!result.ok) {
      onAnnounce(fr.conflicts.failedAction(result.error.message));
      return;
    }
    onAnnounce(t.dismissed(item.cardNumber));
    await problems.refresh();
    void refreshSync();
  }

  if (problems.error && !problems.data) {
    return (
      <Alert color="red" variant="light" role="alert">
        {t.failed} {problems.error.message}
      </Alert>
    );
  }
  if (items.length === 0) return null;
  return (
    <Stack gap="sm" data-testid="revalidation-problems">
      <Title order={3}>{t.title}</Title>
      <Text fw={600}>{t.count(formatNumber(items.length))}</Text>
      <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {items.map((item) => {
          const name = item.lastName === null ? t.unknownHolder : `${item.lastName} ${item.firstName ?? ''}`.trim();
          return (
            <Card key={item.id} component="li" withBorder padding="md" aria-label={t.itemTitle(item.cardNumber, name)}>
              <Stack gap="xs">
                <Title order={4} size="h5">
                  {fr.conflicts.kind[item.state] ?? item.state} — {t.itemTitle(item.cardNumber, name)}
                </Title>
                <Text size="sm">{t.recorded(item.schoolYear, formatDateTime(item.createdAt))}</Text>
                {item.messageFr && <Text size="sm">{item.messageFr}</Text>}
                <Group>
                  <Button
                    variant="default"
                    loading={busy === item.id}
                    onClick={() => void dismiss(item)}
                    aria-label={t.dismissLabel(item.cardNumber)}
                  >
                    {t.dismiss}
                  </Button>
                </Group>
              </Stack>
            </Card>
          );
        })}
      </Stack>
    </Stack>
  );
}
