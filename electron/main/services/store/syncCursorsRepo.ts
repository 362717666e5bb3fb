/**
 * Feed cursors per (feed, UAI), the full-resync marker and the set of objects a running full resync
 * has delivered. All writes are meant to happen inside the page's transaction (see feedPuller).
 */
import { type AppDatabase } from './openDatabase';
import { statementCache } from './statementCache';

export type FeedName = 'requests' | 'cards';

export interface CursorState {
  cursor: string | null;
  /** Set while a full resync (no cursor) is running for this feed and UAI. */
  fullResyncStartedAt: string | null;
  /**
   * The running full resync started with no local row for this feed and UAI: there is nothing to
   * sweep at its end, so delivered ids are not recorded (bulkLoad.ts, migration 0009).
   */
  resyncFromEmpty: boolean;
  updatedAt: string;
}

const statements = statementCache((sqlite) => ({
  get: sqlite.prepare<
    [string, string],
    { cursor: string | null; full_resync_started_at: string | null; resync_from_empty: number; updated_at: string }
  >(
    `SELECT cursor, full_resync_started_at, resync_from_empty, updated_at FROM sync_cursors
      WHERE feed = ? AND uai = ?`,
  ),
  put: sqlite.prepare<[string, string, string | null, string | null, string]>(
    `INSERT INTO sync_cursors (feed, uai, cursor, full_resync_started_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (feed, uai) DO UPDATE SET cursor = excluded.cursor,
       full_resync_started_at = excluded.full_resync_started_at, updated_at = excluded.updated_at,
       resync_from_empty = CASE WHEN excluded.full_resync_started_at IS NULL THEN 0
                                ELSE sync_cursors.resync_from_empty END`,
  ),
  fromEmpty: sqlite.prepare<[number, string, string]>(
    'UPDATE sync_cursors SET resync_from_empty = ? WHERE feed = ? AND uai = ?',
  ),
  seen: sqlite.prepare<[string, string, string]>(
    'INSERT OR IGNORE INTO resync_seen (feed, uai, object_id) VALUES (?, ?, ?)',
  ),
  clearSeen: sqlite.prepare<[string, string]>('DELETE FROM resync_seen WHERE feed = ? AND uai = ?'),
  clearSeenChunk: sqlite.prepare<[string, string, string, string, number]>(
    `DELETE FROM resync_seen WHERE feed = ? AND uai = ? AND object_id IN
       (SELECT object_id FROM resync_seen WHERE feed = ? AND uai = ? LIMIT ?)`,
  ),
  lastSync: sqlite.prepare<[], { at: string | null }>(
    'SELECT MAX(updated_at) AS at FROM sync_cursors WHERE cursor IS NOT NULL AND full_resync_started_at IS NULL',
  ),
}));

export function getCursorState(db: AppDatabase, feed: FeedName, uai: string): CursorState | null {
  const row = statements(db).get.get(feed, uai);
  if (!row) return null;
  return {
    cursor: row.cursor,
    fullResyncStartedAt: row.full_resync_started_at,
    resyncFromEmpty: row.resync_from_empty === 1,
    updatedAt: row.updated_at,
  };
}

export function putCursorState(
  db: AppDatabase,
  feed: FeedName,
  uai: string,
  cursor: string | null,
  fullResyncStartedAt: string | null,
  nowIso: string,
): void {
  statements(db).put.run(feed, uai, cursor, fullResyncStartedAt, nowIso);
}

/**
 * Starts a full resync from scratch: no cursor, an empty seen set, the start time marked.
 * `fromEmpty`: no local row of this feed and UAI exists, so the resync will have nothing to sweep.
 * `also` runs in the same transaction (the start of a bulk load).
 */
export function beginFullResync(
  db: AppDatabase,
  feed: FeedName,
  uai: string,
  nowIso: string,
  options: { fromEmpty?: boolean; also?: () => void } = {},
): void {
  const s = statements(db);
  db.sqlite.transaction(() => {
    s.clearSeen.run(feed, uai);
    s.put.run(feed, uai, null, nowIso, nowIso);
    s.fromEmpty.run(options.fromEmpty === true ? 1 : 0, feed, uai);
    options.also?.();
  })();
}

export function markSeen(db: AppDatabase, feed: FeedName, uai: string, ids: readonly string[]): void {
  const s = statements(db);
  for (const id of ids) s.seen.run(feed, uai, id);
}

export function clearSeen(db: AppDatabase, feed: FeedName, uai: string): void {
  statements(db).clearSeen.run(feed, uai);
}

/**
 * Forgets a finished resync's seen set a chunk at a time (one short transaction each): deleting
 * 20,000 rows at once would stall the process that answers the UI. Returns the rows deleted; 0
 * when done. Leftovers are harmless: the next full resync starts by clearing them.
 */
export function clearSeenChunk(db: AppDatabase, feed: FeedName, uai: string, limit = 2_000): number {
  return statements(db).clearSeenChunk.run(feed, uai, feed, uai, limit).changes;
}

/** The last time a feed moved its cursor outside a full resync. */
export function lastFeedSyncAt(db: AppDatabase): string | null {
  return statements(db).lastSync.get()?.at ?? null;
}
