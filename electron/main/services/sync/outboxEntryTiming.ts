/**
 * Timing rules every outbox entry follows, whatever it carries (a decision, a revalidation): when a
 * failed send is tried again, and the move of a provisional `decidedAt` to server time before the
 * first send. The push paths differ in how they send, not in these.
 */
import { type AppDatabase } from '../store/openDatabase';
import { getOutboxEntry, rewriteUnsentBody, setOutboxOutcome, type OutboxRow } from '../store/outboxRepo';
import { backoffDelayMs, type BackoffPolicy } from './backoff';

export interface RetryTiming {
  db: AppDatabase;
  /** Local clock (ms). */
  now: () => number;
  random: () => number;
  backoff: BackoffPolicy;
}

/** Back to PENDING with the next attempt after the backoff (Retry-After as a floor), and why. */
export function scheduleRetry(
  options: RetryTiming,
  row: OutboxRow,
  retryAfterS: number | null,
  messageFr: string,
): void {
  const attempts = (getOutboxEntry(options.db, row.id)?.attempts ?? row.attempts) || 1;
  const delay = backoffDelayMs(attempts, options.random, retryAfterS, options.backoff);
  const nowMs = options.now();
  setOutboxOutcome(
    options.db,
    row.id,
    { state: 'PENDING', nextAttemptAt: new Date(nowMs + delay).toISOString(), messageFr },
    new Date(nowMs).toISOString(),
  );
}

/**
 * Entries recorded before the first contact with the Region carry a decidedAt on the local clock
 * only. Before their first send (never after: the body is then locked) it is moved to server time;
 * answers the entry as stored now.
 */
export function withServerDecidedAt(
  options: { db: AppDatabase; now: () => number },
  row: OutboxRow,
  skewMs: number | null,
  /** The entry's body, read only when it is to be rewritten. */
  body: (row: OutboxRow) => object,
): OutboxRow {
  if (skewMs === null || row.skew_known === 1 || row.attempts > 0) return row;
  const fixed = { ...body(row), decidedAt: new Date(Date.parse(row.created_at) + skewMs).toISOString() };
  if (!rewriteUnsentBody(options.db, row.id, JSON.stringify(fixed), new Date(options.now()).toISOString())) return row;
  return getOutboxEntry(options.db, row.id) ?? row;
}
