/**
 * Revalidations in the outbox (kind REVALIDATION, target = the card number): the same table, key,
 * retry and answer columns as pre-validation decisions, with the queries of their own kind. State
 * changes go through outboxRepo's id-based writers (markOutboxSending, setOutboxOutcome…).
 */
import { type AppDatabase } from './openDatabase';
import { type OutboxRow } from './outboxRepo';
import { statementCache } from './statementCache';

export interface NewRevalidationRow {
  id: string;
  card_number: string;
  idempotency_key: string;
  body: string;
  created_at: string;
  decided_by_staff_id: string;
  uai: string;
  file_number: string | null;
  skew_known: number;
}

const statements = statementCache((sqlite) => ({
  insert: sqlite.prepare<NewRevalidationRow>(
    `INSERT INTO outbox (id, kind, target_id, idempotency_key, if_match_version, body, state, attempts,
       created_at, updated_at, decided_by_staff_id, uai, file_number, skew_known)
     VALUES (@id, 'REVALIDATION', @card_number, @idempotency_key, NULL, @body, 'PENDING', 0,
       @created_at, @created_at, @decided_by_staff_id, @uai, @file_number, @skew_known)`,
  ),
  due: sqlite.prepare<[string], OutboxRow>(
    `SELECT * FROM outbox WHERE kind = 'REVALIDATION'
       AND (state = 'SENDING' OR (state = 'PENDING' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)))
     ORDER BY created_at, id`,
  ),
  forCard: sqlite.prepare<[string], OutboxRow>(
    "SELECT * FROM outbox WHERE kind = 'REVALIDATION' AND target_id = ? ORDER BY created_at DESC, id DESC",
  ),
  since: sqlite.prepare<[string], OutboxRow>(
    "SELECT * FROM outbox WHERE kind = 'REVALIDATION' AND created_at >= ? ORDER BY created_at DESC, id DESC",
  ),
  byId: sqlite.prepare<[string], OutboxRow>("SELECT * FROM outbox WHERE kind = 'REVALIDATION' AND id = ?"),
}));

export function insertRevalidation(db: AppDatabase, row: NewRevalidationRow): void {
  statements(db).insert.run(row);
}

/** PENDING ones whose retry time has come, and SENDING ones left over from an interrupted run. */
export function dueRevalidations(db: AppDatabase, nowIso: string): OutboxRow[] {
  return statements(db).due.all(nowIso);
}

/** Every revalidation of this card recorded here, newest first. */
export function revalidationsForCard(db: AppDatabase, cardNumber: string): OutboxRow[] {
  return statements(db).forCard.all(cardNumber);
}

/** Revalidations recorded since an instant (the daily record), newest first. */
export function revalidationsSince(db: AppDatabase, sinceIso: string): OutboxRow[] {
  return statements(db).since.all(sinceIso);
}

export function getRevalidation(db: AppDatabase, id: string): OutboxRow | null {
  return statements(db).byId.get(id) ?? null;
}
