/** The daily record: today's revalidations and look-ups with their sync state, exportable as CSV. */
import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { fr } from '../../i18n/fr';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format';
import { useApi, useChannel } from '../../transport/ApiContext';
import { downloadTextFile } from '../../app/downloadTextFile';

const POLL_MS = 5_000;

export function TodayPanel() {
  const api = useApi();
  const t = fr.revalidation.today;
  const today = useChannel('revalidations:today', undefined, { pollMs: POLL_MS });
  const [announcement, setAnnouncement] = useState('');

  async function exportCsv() {
    const result = await api['revalidations:exportToday']();
    if (!result.ok) {
      setAnnouncement(fr.revalidation.desk.failed(result.error.message));
      return;
    }
    downloadTextFile(result.value.fileName, result.value.content, 'text/csv;charset=utf-8');
    setAnnouncement(t.exported(formatNumber(result.value.rows)));
  }

  const record = today.data;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={3} size="h4">
          {record ? t.heading(formatDate(record.date)) : fr.app.loading}
        </Title>
        <Button variant="light" onClick={() => void exportCsv()} data-testid="today-export">
          {t.export}
        </Button>
      </Group>
      {record && record.revalidations.length === 0 && record.lookups.length === 0 && <Text>{t.empty}</Text>}
      {record && record.revalidations.length > 0 && (
        <Table striped data-testid="today-revalidations">
          <caption>{t.revalidations}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t.columns.time}</Table.Th>
              <Table.Th scope="col">{t.columns.student}</Table.Th>
              <Table.Th scope="col">{t.columns.card}</Table.Th>
              <Table.Th scope="col">{t.columns.training}</Table.Th>
              <Table.Th scope="col">{t.columns.state}</Table.Th>
              <Table.Th scope="col">{t.columns.detail}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {record.revalidations.map((r) => (
              <Table.Tr key={r.id} data-card-number={r.cardNumber} data-state={r.state}>
                <Table.Td>{formatDateTime(r.createdAt)}</Table.Td>
                <Table.Td>
                  {r.lastName} {r.firstName}
                </Table.Td>
                <Table.Td>{r.cardNumber}</Table.Td>
                <Table.Td>
                  {fr.training[r.training.type]}
                  {r.training.classLabel ? ` — ${r.training.classLabel}` : ''}
                </Table.Td>
                <Table.Td>{t.state[r.state]}</Table.Td>
                <Table.Td>{r.messageFr ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {record && record.lookups.length > 0 && (
        <Table striped data-testid="today-lookups">
          <caption>{t.lookups}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t.columns.time}</Table.Th>
              <Table.Th scope="col">{t.columns.number}</Table.Th>
              <Table.Th scope="col">{t.columns.state}</Table.Th>
              <Table.Th scope="col">{t.columns.detail}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {record.lookups.map((l) => (
              <Table.Tr key={l.id} data-state={l.state}>
                <Table.Td>{formatDateTime(l.createdAt)}</Table.Td>
                <Table.Td>{l.value}</Table.Td>
                <Table.Td>{t.lookupState[l.state]}</Table.Td>
                <Table.Td>{l.messageFr ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <div role="status" aria-live="polite" data-testid="today-announcer">
        {announcement}
      </div>
    </Stack>
  );
}
