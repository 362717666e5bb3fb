/**
 * The outbox of local pre-validation decisions: one row per decision, carrying its Idempotency-Key
 * (generated once, never changed), the version the staff member saw (If-Match), the exact body sent
 * on every retry, and, once the Region has answered for good, that answer (status, problem type,
 * field error codes, current snapshot). The sync engine is the only writer.
 */
import { type OutboxState } from '../../../../shared/schemas/domain';
import { type AppDatabase } from './openDatabase';
import { statementCache } from './statementCache';

export interface OutboxRow {
  id: string;
  kind: 'PREVALIDATION' | 'REVALIDATION';
  target_id: string;
  idempotency_key: string;
  if_match_version: number | null;
  body: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: string | null;
  last_error_code: string | null;
  created_at: string;
  updated_at: string;
  decided_by_staff_id: string;
  uai: string | null;
  file_number: string | null;
  skew_known: number;
  last_http_status: number | null;
  error_codes: string | null;
  message_fr: string | null;
  seen_json: string | null;
  current_json: string | null;
  replaces_id: string | null;
  final_at: string | null;
}

export type NewOutboxRow = Pick<
  OutboxRow,
  | 'id'
  | 'target_id'
  | 'idempotency_key'
  | 'if_match_version'
  | 'body'
  | 'created_at'
  | 'decided_by_staff_id'
  | 'uai'
  | 'file_number'
  | 'skew_known'
  | 'seen_json'
  | 'replaces_id'
>;

/** What the Region answered, or why the entry stays queued. */
export interface OutboxOutcome {
  state: OutboxState;
  nextAttemptAt?: string | null;
  httpStatus?: number | null;
  errorCode?: string | null;
  errorCodes?: readonly string[] | null;
  messageFr?: string | null;
  currentJson?: string | null;
  final?: boolean;
}

/** States in which a decision still waits for the Region. */
export const UNACKED_STATES = ['PENDING', 'SENDING'] as const;

const statements = statementCache((sqlite) => ({
  insert: sqlite.prepare<NewOutboxRow & { updated_at: string }>(
    `INSERT INTO outbox (id, kind, target_id, idempotency_key, if_match_version, body, state, attempts,
       created_at, updated_at, decided_by_staff_id, uai, file_number, skew_known, seen_json, replaces_id)
     VALUES (@id, 'PREVALIDATION', @target_id, @idempotency_key, @if_match_version, @body, 'PENDING', 0,
       @created_at, @updated_at, @decided_by_staff_id, @uai, @file_number, @skew_known, @seen_json, @replaces_id)`,
  ),
  get: sqlite.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE id = ?'),
  all: sqlite.prepare<[], OutboxRow>("SELECT * FROM outbox WHERE kind = 'PREVALIDATION' ORDER BY created_at, id"),
  byState: sqlite.prepare<[string], OutboxRow>(
    "SELECT * FROM outbox WHERE kind = 'PREVALIDATION' AND state = ? ORDER BY created_at, id",
  ),
  forTarget: sqlite.prepare<[string], OutboxRow>(
    "SELECT * FROM outbox WHERE kind = 'PREVALIDATION' AND target_id = ? ORDER BY created_at, id",
  ),
  unackedFor: sqlite.prepare<[string], OutboxRow>(
    `SELECT * FROM outbox WHERE kind = 'PREVALIDATION' AND target_id = ? AND state IN ('PENDING', 'SENDING')
     ORDER BY created_at, id`,
  ),
  due: sqlite.prepare<[string], OutboxRow>(
    `SELECT * FROM outbox WHERE kind = 'PREVALIDATION'
       AND (state = 'SENDING' OR (state = 'PENDING' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)))
     ORDER BY created_at, id`,
  ),
  nextAttempt: sqlite.prepare<[], { at: string | null }>(
    "SELECT MIN(next_attempt_at) AS at FROM outbox WHERE state = 'PENDING' AND next_attempt_at IS NOT NULL",
  ),
  markSending: sqlite.prepare<[string, string]>(
    "UPDATE outbox SET state = 'SENDING', attempts = attempts + 1, updated_at = ? WHERE id = ?",
  ),
  outcome: sqlite.prepare<{
    id: string;
    state: string;
    next_attempt_at: string | null;
    last_http_status: number | null;
    last_error_code: string | null;
    error_codes: string | null;
    message_fr: string | null;
    current_json: string | null;
    final_at: string | null;
    updated_at: string;
  }>(
    `UPDATE outbox SET state = @state, next_attempt_at = @next_attempt_at,
       last_http_status = COALESCE(@last_http_status, last_http_status),
       last_error_code = @last_error_code, error_codes = @error_codes, message_fr = @message_fr,
       current_json = COALESCE(@current_json, current_json), final_at = COALESCE(@final_at, final_at),
       updated_at = @updated_at
     WHERE id = @id`,
  ),
  rewriteBody: sqlite.prepare<[string, string, string]>(
    'UPDATE outbox SET body = ?, skew_known = 1, updated_at = ? WHERE id = ? AND attempts = 0',
  ),
  deleteUnsent: sqlite.prepare<[string]>("DELETE FROM outbox WHERE id = ? AND state = 'PENDING' AND attempts = 0"),
  counts: sqlite.prepare<[], { state: string; n: number; oldest: string | null }>(
    "SELECT state, COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE kind = 'PREVALIDATION' GROUP BY state",
  ),
}));

export function insertOutboxEntry(db: AppDatabase, row: NewOutboxRow): void {
  statements(db).insert.run({ ...row, updated_at: row.created_at });
}

export function getOutboxEntry(db: AppDatabase, id: string): OutboxRow | null {
  return statements(db).get.get(id) ?? null;
}

export function listOutboxEntries(db: AppDatabase, state?: OutboxState): OutboxRow[] {
  const s = statements(db);
  return state ? s.byState.all(state) : s.all.all();
}

/** Every decision on this request, any state (through the outbox_target index). */
export function outboxEntriesFor(db: AppDatabase, requestId: string): OutboxRow[] {
  return statements(db).forTarget.all(requestId);
}

/** Decisions on this request still waiting for the Region (normally at most one). */
export function unackedEntriesFor(db: AppDatabase, requestId: string): OutboxRow[] {
  return statements(db).unackedFor.all(requestId);
}

/**
 * Entries to send now: PENDING ones whose retry time has come, and SENDING ones, which can only be
 * left over from an interrupted run (the engine never runs two pushes at once) and are resent with
 * the same key and body.
 */
export function dueOutboxEntries(db: AppDatabase, nowIso: string): OutboxRow[] {
  return statements(db).due.all(nowIso);
}

export function earliestNextAttempt(db: AppDatabase): string | null {
  return statements(db).nextAttempt.get()?.at ?? null;
}

/** Counts the attempt before the call leaves, so a crash mid-call still shows it as sent. */
export function markOutboxSending(db: AppDatabase, ids: readonly string[], nowIso: string): void {
  const s = statements(db);
  db.sqlite.transaction(() => {
    for (const id of ids) s.markSending.run(nowIso, id);
  })();
}

export function setOutboxOutcome(db: AppDatabase, id: string, outcome: OutboxOutcome, nowIso: string): void {
  statements(db).outcome.run({
    id,
    state: outcome.state,
    next_attempt_at: outcome.nextAttemptAt ?? null,
    last_http_status: outcome.httpStatus ?? null,
    last_error_code: outcome.errorCode ?? null,
    error_codes: outcome.errorCodes && outcome.errorCodes.length > 0 ? JSON.stringify(outcome.errorCodes) : null,
    message_fr: outcome.messageFr ?? null,
    current_json: outcome.currentJson ?? null,
    final_at: outcome.final ? nowIso : null,
    updated_at: nowIso,
  });
}

/** Only a never-sent body may change (its decidedAt, once the clock skew is known). */
export function rewriteUnsentBody(db: AppDatabase, id: string, body: string, nowIso: string): boolean {
  return statements(db).rewriteBody.run(body, nowIso, id).changes === 1;
}

export function deleteUnsentEntry(db: AppDatabase, id: string): boolean {
  return statements(db).deleteUnsent.run(id).changes === 1;
}

export interface OutboxCounts {
  byState: Record<OutboxState, number>;
  /** created_at of the oldest PENDING/SENDING entry. */
  oldestUnacked: string | null;
}

export function countOutbox(db: AppDatabase): OutboxCounts {
  const byState: Record<OutboxState, number> = {
    PENDING: 0,
    SENDING: 0,
    ACKED: 0,
    CONFLICT: 0,
    ERROR: 0,
    DROPPED: 0,
  };
  let oldestUnacked: string | null = null;
  for (const row of statements(db).counts.all()) {
    if (row.state in byState) byState[row.state as OutboxState] = row.n;
    if ((row.state === 'PENDING' || row.state === 'SENDING') && row.oldest !== null) {
      if (oldestUnacked === null || row.oldest < oldestUnacked) oldestUnacked = row.oldest;
    }
  }
  return { byState, oldestUnacked };
}
