/**
 * The audit log for the administrator: filters (action, author, record id, period), a page of
 * entries, the chain's verification and the CSV export (itself audited by the services).
 */
import { Alert, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { AUDIT_ACTIONS, type AuditEntry, type AuditVerification } from '../../../shared/schemas/audit';
import { type StaffAccount } from '../../../shared/schemas/auth';
import { downloadTextFile } from '../../app/downloadTextFile';
import { fr } from '../../i18n/fr';
import { useApi, useChannel } from '../../transport/ApiContext';
import { type AuditFilterDraft, EMPTY_AUDIT_FILTER, toAuditFilter } from './auditFilterDraft';

const PAGE_SIZE = 50;

function actionLabel(action: string): string {
  return (fr.admin.auditActions as Record<string, string>)[action] ?? action;
}

function detailText(entry: AuditEntry): string {
  if (!entry.detail) return '';
  return Object.entries(entry.detail)
    .map(([key, value]) => `${key} : ${String(value)}`)
    .join(', ');
}

export function AuditPanel({ staff }: { staff: StaffAccount[] }) {
  const api = useApi();
  const [draft, setDraft] = useState<AuditFilterDraft>(EMPTY_AUDIT_FILTER);
  const [applied, setApplied] = useState<AuditFilterDraft>(EMPTY_AUDIT_FILTER);
  const [offset, setOffset] = useState(0);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const page = useChannel('audit:list', { filter: toAuditFilter(applied), offset, limit: PAGE_SIZE });

  const names = new Map(staff.map((account) => [account.id, account.displayName]));
  const actorName = (id: string) =>
    id === 'system' ? fr.admin.systemActor : id === 'unknown' ? fr.admin.unknownActor : (names.get(id) ?? id);
  const actorOptions = [
    { value: '', label: fr.admin.allActors },
    ...staff.map((account) => ({ value: account.id, label: account.displayName })),
    { value: 'system', label: fr.admin.systemActor },
    { value: 'unknown', label: fr.admin.unknownActor },
  ];
  const actionOptions = [
    { value: '', label: fr.admin.allActions },
    ...AUDIT_ACTIONS.map((action) => ({ value: action, label: actionLabel(action) })),
  ];

  function edit<K extends keyof AuditFilterDraft>(key: K, value: AuditFilterDraft[K]) {
    setDraft((previous) => ({ ...previous, [key]: value }));
  }

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setOffset(0);
    setApplied(draft);
  }

  async function verify() {
    const result = await api['audit:verify']();
    if (result.ok) setVerification(result.value);
    else setMessage({ kind: 'error', text: result.error.message });
  }

  async function exportCsv() {
    const result = await api['audit:export']({ filter: toAuditFilter(applied) });
    if (!result.ok) {
      setMessage({ kind: 'error', text: result.error.message });
      return;
    }
    downloadTextFile(result.value.fileName, result.value.content, 'text/csv;charset=utf-8');
    setMessage({ kind: 'success', text: fr.admin.exported(result.value.rows) });
    await page.refresh();
  }

  const rows = page.data?.rows ?? [];
  const total = page.data?.total ?? 0;

  return (
    <Stack gap="md" component="section" aria-labelledby="audit-title">
      <Title order={3} id="audit-title">
        {fr.admin.auditTitle}
      </Title>
      <Text size="sm">{fr.admin.auditIntro}</Text>
      <Group>
        <Button variant="default" onClick={() => void verify()}>
          {fr.admin.verify}
        </Button>
        <Button variant="default" onClick={() => void exportCsv()}>
          {fr.admin.export}
        </Button>
      </Group>
      {verification && (
        <Alert
          color={verification.ok ? 'green' : 'red'}
          role={verification.ok ? 'status' : 'alert'}
          data-testid="audit-verification"
        >
          {verification.ok
            ? fr.admin.verifyOk(verification.checked)
            : fr.admin.verifyBroken(
                verification.brokenAtSeq ?? 0,
                fr.admin.problems[verification.problem ?? ''] ?? verification.problem ?? '',
              )}
        </Alert>
      )}
      {message && (
        <Alert
          color={message.kind === 'success' ? 'green' : 'red'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </Alert>
      )}
      <form onSubmit={apply} aria-label={fr.admin.applyFilters}>
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label={fr.admin.filterAction}
            data={actionOptions}
            value={draft.action}
            onChange={(event) => edit('action', event.currentTarget.value)}
            w={260}
          />
          <NativeSelect
            label={fr.admin.filterActor}
            data={actorOptions}
            value={draft.actorId}
            onChange={(event) => edit('actorId', event.currentTarget.value)}
            w={220}
          />
          <TextInput
            label={fr.admin.filterRecord}
            value={draft.recordId}
            onChange={(e) => edit('recordId', e.currentTarget.value)}
            w={300}
          />
          <TextInput
            type="date"
            label={fr.admin.filterFrom}
            value={draft.from}
            onChange={(e) => edit('from', e.currentTarget.value)}
          />
          <TextInput
            type="date"
            label={fr.admin.filterTo}
            value={draft.to}
            onChange={(e) => edit('to', e.currentTarget.value)}
          />
          <Button type="submit">{fr.admin.applyFilters}</Button>
          <Button
            type="button"
            variant="default"
            onClick={() => {
              setDraft(EMPTY_AUDIT_FILTER);
              setApplied(EMPTY_AUDIT_FILTER);
              setOffset(0);
            }}
          >
            {fr.admin.resetFilters}
          </Button>
        </Group>
      </form>
      {page.error && <Alert color="red">{`${fr.admin.loadFailed} ${page.error.message}`}</Alert>}
      <Text size="sm" role="status" data-testid="audit-count">
        {rows.length === 0 ? fr.admin.noEntries : fr.admin.count(rows.length, total)}
      </Text>
      <Table striped withTableBorder data-testid="audit-table">
        <Table.Caption>{fr.admin.auditCaption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{fr.admin.at}</Table.Th>
            <Table.Th scope="col">{fr.admin.actor}</Table.Th>
            <Table.Th scope="col">{fr.admin.action}</Table.Th>
            <Table.Th scope="col">{fr.admin.record}</Table.Th>
            <Table.Th scope="col">{fr.admin.detail}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((entry) => (
            <Table.Tr key={entry.seq}>
              <Table.Td>{new Date(entry.at).toLocaleString('fr-FR')}</Table.Td>
              <Table.Td>{actorName(entry.actorId)}</Table.Td>
              <Table.Td>{actionLabel(entry.action)}</Table.Td>
              <Table.Td style={{ fontFamily: 'monospace', fontSize: 12 }}>{entry.recordId ?? ''}</Table.Td>
              <Table.Td>{detailText(entry)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Button variant="default" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
          {fr.admin.previous}
        </Button>
        <Button variant="default" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
          {fr.admin.next}
        </Button>
      </Group>
    </Stack>
  );
}
