/**
 * Decisions the Region refused (ERROR) or that met a newer state of the request (CONFLICT), each
 * shown beside the server's current state, with the three ways out: keep it (sent again on the
 * current version), decide again, or drop it (kept in the audit trail).
 */
import { Alert, Button, Card, Group, Loader, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type RefObject, useMemo, useRef, useState } from 'react';
import { type ConflictResolution, type DecisionProblem } from '../../../shared/schemas/domain';
import { fr } from '../../i18n/fr';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { useApi, useChannel } from '../../transport/ApiContext';
import { useSyncStatus } from '../../app/SyncStatusContext';
import { DecisionForm } from '../prevalidation/DecisionForm';
import { RevalidationProblems } from './RevalidationProblems';
import { buildDraft, type DecisionFormState, type FormErrors, reasonsOf } from '../prevalidation/decisionForm';

const PROBLEMS_POLL_MS = 10_000;

export function ConflictsPage({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  const api = useApi();
  const t = fr.conflicts;
  const problems = useChannel('decisions:problems', undefined, { pollMs: PROBLEMS_POLL_MS });
  const { data: reasonList } = useChannel('reference:reasons');
  const { refresh: refreshSync } = useSyncStatus();
  const [announcement, setAnnouncement] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [redeciding, setRedeciding] = useState<DecisionProblem | null>(null);

  const reasons = useMemo(() => reasonList?.items ?? [], [reasonList]);
  const labelOf = (code: string) => reasons.find((r) => r.code === code)?.labelFr ?? code;

  async function resolve(resolution: ConflictResolution, fileNumber: string): Promise<boolean> {
    setBusy(resolution.decisionId);
    const result = await api['decisions:resolve'](resolution);
    setBusy(null);
    if (!result.ok) {
      setAnnouncement(t.failedAction(result.error.message));
      return false;
    }
    setAnnouncement(
      resolution.action === 'keep'
        ? t.keepDone(fileNumber)
        : resolution.action === 'drop'
          ? t.dropDone(fileNumber)
          : t.redecideDone(fileNumber),
    );
    await problems.refresh();
    void refreshSync();
    return true;
  }

  const items = problems.data?.items ?? [];

  return (
    <Stack gap="md">
      <Title order={2} ref={headingRef} tabIndex={-1}>
        {t.title}
      </Title>
      <Text>{t.intro}</Text>
      {problems.loading && !problems.data && <Loader size="sm" aria-label={t.loading} />}
      {problems.error && !problems.data && (
        <Alert color="red" variant="light" role="alert">
          {t.failed} {problems.error.message}
        </Alert>
      )}
      {problems.data && items.length === 0 && <Text data-testid="conflicts-empty">{t.empty}</Text>}
      {items.length > 0 && (
        <Text fw={600} data-testid="conflicts-count">
          {t.count(formatNumber(items.length))}
        </Text>
      )}
      <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {items.map((problem) => (
          <ProblemItem
            key={problem.decision.id}
            problem={problem}
            labelOf={labelOf}
            busy={busy === problem.decision.id}
            onKeep={() =>
              void resolve({ action: 'keep', decisionId: problem.decision.id }, problem.decision.fileNumber)
            }
            onDrop={() =>
              void resolve({ action: 'drop', decisionId: problem.decision.id }, problem.decision.fileNumber)
            }
            onRedecide={() => setRedeciding(problem)}
          />
        ))}
      </Stack>
      <RevalidationProblems onAnnounce={setAnnouncement} />
      <div role="status" aria-live="polite" className="visually-hidden" data-testid="conflicts-announcer">
        {announcement}
      </div>
      {redeciding && (
        <RedecideModal
          problem={redeciding}
          prevalidationReasons={reasonsOf(reasons, 'PREVALIDATION')}
          photoReasons={reasonsOf(reasons, 'PHOTO')}
          onClose={() => setRedeciding(null)}
          onSubmit={async (resolution) => {
            if (await resolve(resolution, redeciding.decision.fileNumber)) setRedeciding(null);
          }}
        />
      )}
    </Stack>
  );
}

interface ProblemItemProps {
  problem: DecisionProblem;
  labelOf: (code: string) => string;
  busy: boolean;
  onKeep: () => void;
  onDrop: () => void;
  onRedecide: () => void;
}

function ProblemItem({ problem, labelOf, busy, onKeep, onDrop, onRedecide }: ProblemItemProps) {
  const t = fr.conflicts;
  const { decision, seen, current } = problem;
  const name = seen ? `${seen.student.lastName} ${seen.student.firstName}` : '';
  const titleId = `problem-${decision.id}`;
  const outcome = fr.prevalidation.outcome[decision.decision];
  return (
    <Card
      component="li"
      withBorder
      padding="sm"
      aria-labelledby={titleId}
      data-testid="conflict-item"
      data-file-number={decision.fileNumber}
    >
      <Title order={3} size="h4" id={titleId}>
        {t.kind[decision.state] ?? decision.state} — {t.itemTitle(decision.fileNumber, name)}
      </Title>
      {decision.messageFr && <Text size="sm">{decision.messageFr}</Text>}
      <SimpleGrid cols={2} mt="xs">
        <div data-testid="conflict-local">
          <Text fw={600} size="sm">
            {t.local}
          </Text>
          <Text size="sm">{t.decided(outcome, formatDateTime(decision.decidedAt))}</Text>
          {decision.reasonCodes.length > 0 && (
            <Text size="sm">{t.reasons(decision.reasonCodes.map(labelOf).join(', '))}</Text>
          )}
          {decision.targetUai && <Text size="sm">{t.target(decision.targetUai)}</Text>}
          <Text size="sm">{fr.prevalidation.outboxState[decision.state]}</Text>
        </div>
        <div data-testid="conflict-server">
          <Text fw={600} size="sm">
            {t.server}
          </Text>
          {!current ? (
            <Text size="sm">{t.serverUnknown}</Text>
          ) : (
            <>
              <Text size="sm">{t.serverStatus(fr.status[current.status], String(current.version))}</Text>
              {'prevalidation' in current && current.prevalidation && (
                <Text size="sm">
                  {t.serverDecision(
                    fr.prevalidation.outcome[current.prevalidation.decision],
                    current.prevalidation.decidedBy.displayName,
                  )}
                </Text>
              )}
            </>
          )}
        </div>
      </SimpleGrid>
      <Group gap="sm" mt="sm">
        <Button size="compact-sm" onClick={onKeep} loading={busy} aria-describedby={titleId}>
          {t.keep}
        </Button>
        <Button size="compact-sm" variant="outline" onClick={onRedecide} disabled={busy} aria-describedby={titleId}>
          {t.redecide}
        </Button>
        <Button
          size="compact-sm"
          variant="subtle"
          color="red"
          onClick={onDrop}
          disabled={busy}
          aria-describedby={titleId}
        >
          {t.drop}
        </Button>
      </Group>
    </Card>
  );
}

interface RedecideModalProps {
  problem: DecisionProblem;
  prevalidationReasons: ReturnType<typeof reasonsOf>;
  photoReasons: ReturnType<typeof reasonsOf>;
  onClose: () => void;
  onSubmit: (resolution: ConflictResolution) => Promise<void>;
}

function RedecideModal({ problem, prevalidationReasons, photoReasons, onClose, onSubmit }: RedecideModalProps) {
  const { decision } = problem;
  const base = problem.current && 'student' in problem.current ? problem.current : problem.seen;
  const photoCodes = new Set(photoReasons.map((r) => r.code));
  const [form, setForm] = useState<DecisionFormState>({
    decision: decision.decision,
    photoVerdict: decision.photoVerdict,
    reasonCodes: decision.reasonCodes.filter((c) => !photoCodes.has(c)),
    photoReasonCodes: decision.reasonCodes.filter((c) => photoCodes.has(c)),
    comment: decision.comment ?? '',
    targetUai: decision.targetUai ?? null,
  });
  const [errors, setErrors] = useState<FormErrors>({});
  const [saving, setSaving] = useState(false);
  const targetRef = useRef<HTMLInputElement | null>(null);

  async function submit() {
    if (!base) return;
    const check = buildDraft(form, {
      id: decision.requestId,
      version: base.version,
      establishmentUai: base.establishmentUai,
      hasPhoto: base.photo !== null,
    });
    if (!check.ok) {
      setErrors(check.errors);
      return;
    }
    setSaving(true);
    await onSubmit({ action: 'redecide', decisionId: decision.id, draft: check.draft });
    setSaving(false);
  }

  return (
    <Modal
      transitionProps={{ duration: 0 }}
      opened
      onClose={onClose}
      title={fr.conflicts.redecideTitle(decision.fileNumber)}
      size="lg"
      closeButtonProps={{ 'aria-label': fr.conflicts.cancel }}
    >
      {base ? (
        <DecisionForm
          form={form}
          errors={errors}
          prevalidationReasons={prevalidationReasons}
          photoReasons={photoReasons}
          sibling={null}
          currentUai={base.establishmentUai}
          saving={saving}
          onChange={setForm}
          onSubmit={() => void submit()}
          targetRef={targetRef}
        />
      ) : (
        <Text>{fr.conflicts.serverUnknown}</Text>
      )}
    </Modal>
  );
}
