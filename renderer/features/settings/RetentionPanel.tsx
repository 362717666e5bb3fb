/**
 * Retention (administrator): the purge delay, a purge on demand and the last report, which shows
 * counts and record ids only (the services never put a name in it).
 */
import { Alert, Button, Code, Group, List, NumberInput, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { type PurgeReport } from '../../../shared/schemas/retention';
import { fr } from '../../i18n/fr';
import { useApi, useChannel } from '../../transport/ApiContext';

type Feedback = { kind: 'success' | 'error'; text: string } | null;

function ReportView({ report }: { report: PurgeReport }) {
  const t = fr.retention;
  return (
    <Stack gap="xs" aria-label={t.reportTitle}>
      <Text>{t.reportHeader(new Date(report.ranAt).toLocaleString('fr-FR'), t.trigger[report.trigger])}</Text>
      <List>
        <List.Item>{t.requestsPurged(report.requests.count)}</List.Item>
        <List.Item>{t.cardsPurged(report.cards.count, report.schoolYear)}</List.Item>
        <List.Item>{t.photosPurged(report.photos.count)}</List.Item>
        <List.Item>{t.heldBack(report.heldBack.count)}</List.Item>
      </List>
      {report.requests.ids.length + report.cards.ids.length > 0 && (
        <Text size="sm">
          {t.ids} <Code>{[...report.requests.ids, ...report.cards.ids].join(', ')}</Code>
        </Text>
      )}
    </Stack>
  );
}

export function RetentionPanel() {
  const api = useApi();
  const t = fr.retention;
  const settings = useChannel('retention:settings');
  const last = useChannel('retention:report');
  // Edits and a fresh report override what the services answered when the panel opened.
  const [delayEdit, setDelay] = useState<number | string | null>(null);
  const [fresh, setReport] = useState<PurgeReport | null>(null);
  const delay = delayEdit ?? settings.data?.delayDays ?? '';
  const report = fresh ?? last.data ?? null;
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const days = Number(delay);
    if (!Number.isInteger(days) || days < 1 || days > 365) {
      setFeedback({ kind: 'error', text: t.delayInvalid });
      return;
    }
    setBusy(true);
    const result = await api['retention:updateSettings']({ delayDays: days });
    setBusy(false);
    setFeedback(
      result.ok
        ? { kind: 'success', text: t.saved }
        : { kind: 'error', text: `${t.saveFailed} ${result.error.message}` },
    );
  }

  async function purgeNow() {
    setBusy(true);
    const result = await api['retention:purge']();
    setBusy(false);
    if (result.ok) {
      setReport(result.value);
      setFeedback({ kind: 'success', text: t.purged });
    } else {
      setFeedback({ kind: 'error', text: `${t.purgeFailed} ${result.error.message}` });
    }
  }

  return (
    <Stack gap="md" component="section" aria-labelledby="retention-title">
      <Title order={3} id="retention-title">
        {t.title}
      </Title>
      <Text size="sm">{t.explanation}</Text>
      {settings.error && (
        <Alert color="red" role="alert" title={t.loadFailed}>
          {settings.error.message}
        </Alert>
      )}
      <form onSubmit={(event) => void save(event)} noValidate>
        <Group align="flex-end">
          <NumberInput
            label={t.delayLabel}
            description={t.delayHelp}
            min={1}
            max={365}
            value={delay}
            onChange={setDelay}
            allowDecimal={false}
            // Out-of-range values are refused with a message, never silently changed to a bound.
            clampBehavior="none"
            error={feedback?.text === t.delayInvalid ? t.delayInvalid : undefined}
          />
          <Button type="submit" loading={busy} disabled={!settings.data}>
            {t.save}
          </Button>
        </Group>
      </form>
      <Group>
        <Button variant="outline" color="red" onClick={() => void purgeNow()} loading={busy}>
          {t.purgeNow}
        </Button>
      </Group>
      {feedback && feedback.text !== t.delayInvalid && (
        <Alert
          color={feedback.kind === 'success' ? 'green' : 'red'}
          role={feedback.kind === 'error' ? 'alert' : 'status'}
        >
          {feedback.text}
        </Alert>
      )}
      <Title order={4}>{t.reportTitle}</Title>
      {report ? <ReportView report={report} /> : <Text>{t.noReport}</Text>}
    </Stack>
  );
}
