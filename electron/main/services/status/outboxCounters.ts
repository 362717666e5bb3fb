/**
 * The counters of the status line, read from the outbox: decisions waiting to be sent, in conflict
 * with the Region, or refused. Read-only: the sync engine owns the outbox.
 */
import { type AppDatabase } from '../store/openDatabase';

export interface OutboxCounters {
  pending: number;
  conflicts: number;
  errors: number;
  /** When a feed last moved its cursor, i.e. the last successful sync. */
  lastSyncAt: string | null;
  /** When the oldest decision still waiting was recorded. */
  oldestPendingAt: string | null;
  /** Feed items set aside by schema validation. */
  quarantined: number;
}

export function readOutboxCounters(db: AppDatabase): OutboxCounters {
  const rows = db.sqlite
    .prepare('SELECT state, COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox GROUP BY state')
    .all() as { state: string; n: number; oldest: string | null }[];
  const counters: OutboxCounters = {
    pending: 0,
    conflicts: 0,
    errors: 0,
    lastSyncAt: null,
    oldestPendingAt: null,
    quarantined: 0,
  };
  for (const row of rows) {
    if (row.state === 'PENDING' || row.state === 'SENDING') {
      counters.pending += row.n;
      if (row.oldest !== null && (counters.oldestPendingAt === null || row.oldest < counters.oldestPendingAt)) {
        counters.oldestPendingAt = row.oldest;
      }
    } else if (row.state === 'CONFLICT') counters.conflicts += row.n;
    else if (row.state === 'ERROR') counters.errors += row.n;
  }
  const last = db.sqlite.prepare('SELECT MAX(updated_at) AS at FROM sync_cursors WHERE cursor IS NOT NULL').get() as
    { at: string | null } | undefined;
  counters.lastSyncAt = last?.at ?? null;
  const quarantined = db.sqlite.prepare('SELECT COUNT(*) AS n FROM quarantine').get() as { n: number } | undefined;
  counters.quarantined = quarantined?.n ?? 0;
  return counters;
}
