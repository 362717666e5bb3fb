/**
 * Outbox rows ↔ the shapes the engine and the UI use: the body sent to the Region (exactly the
 * `PrevalidationDecision` contract), the `DecisionView`, and the comparison that recognises our own
 * decision in a snapshot the Region sends back.
 */
import {
  ActiveRequest,
  PrevalidationDecision,
  RequestSnapshot,
  type Prevalidation,
  type PrevalidationDecision as PrevalidationDecisionT,
  type RequestSnapshot as RequestSnapshotT,
  type ActiveRequest as ActiveRequestT,
  type StaffMember,
} from '../../../../shared/region-api/schemas';
import { type DecisionDraft, type DecisionView } from '../../../../shared/schemas/domain';
import { type OutboxRow } from '../store/outboxRepo';

export function decisionBody(draft: DecisionDraft, staff: StaffMember, decidedAt: string): PrevalidationDecisionT {
  return PrevalidationDecision.parse({
    decision: draft.decision,
    photoVerdict: draft.photoVerdict,
    reasonCodes: draft.reasonCodes,
    ...(draft.comment !== undefined ? { comment: draft.comment } : {}),
    ...(draft.targetUai !== undefined ? { targetUai: draft.targetUai } : {}),
    decidedBy: { staffId: staff.staffId, displayName: staff.displayName },
    decidedAt,
  });
}

/** The stored body; a row is only ever written from a parsed body, so a failure here is corruption. */
export function bodyOf(row: OutboxRow): PrevalidationDecisionT {
  return PrevalidationDecision.parse(JSON.parse(row.body));
}

function parseJson<T>(text: string | null, parse: (value: unknown) => T | null): T | null {
  if (text === null) return null;
  try {
    return parse(JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

export function currentOf(row: OutboxRow): RequestSnapshotT | null {
  return parseJson(row.current_json, (v) => {
    const parsed = RequestSnapshot.safeParse(v);
    return parsed.success ? parsed.data : null;
  });
}

export function seenOf(row: OutboxRow): ActiveRequestT | null {
  return parseJson(row.seen_json, (v) => {
    const parsed = ActiveRequest.safeParse(v);
    return parsed.success ? parsed.data : null;
  });
}

export function decisionView(row: OutboxRow): DecisionView {
  const body = bodyOf(row);
  return {
    id: row.id,
    requestId: row.target_id,
    fileNumber: row.file_number ?? '',
    seenVersion: row.if_match_version ?? 1,
    decision: body.decision,
    photoVerdict: body.photoVerdict,
    reasonCodes: body.reasonCodes,
    ...(body.comment !== undefined ? { comment: body.comment } : {}),
    ...(body.targetUai !== undefined ? { targetUai: body.targetUai } : {}),
    decidedBy: body.decidedBy,
    decidedAt: body.decidedAt,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.state === 'PENDING' ? row.next_attempt_at : null,
    errorCode: row.last_error_code,
    messageFr: row.message_fr,
  };
}

/**
 * Whether the Region's prevalidation is the decision we sent: same outcome, photo verdict, reasons,
 * redirection target and comment. Who decided and when are not compared, so an identical decision
 * taken on another workstation (or our own, answered after a lost response) is recognised too.
 */
export function samePrevalidation(prevalidation: Prevalidation | null, ours: PrevalidationDecisionT): boolean {
  if (prevalidation === null) return false;
  const sorted = (codes: readonly string[]) => [...codes].sort().join(',');
  return (
    prevalidation.decision === ours.decision &&
    prevalidation.photoVerdict === ours.photoVerdict &&
    sorted(prevalidation.reasonCodes) === sorted(ours.reasonCodes) &&
    (prevalidation.targetUai ?? null) === (ours.targetUai ?? null) &&
    (prevalidation.comment ?? '') === (ours.comment ?? '')
  );
}
