/**
 * Bulk load: the first sync of a feed into an empty table drops the table's secondary indexes and
 * defers the student search index, then rebuilds both once at the end (see migration 0009 for the
 * measurements). The state lives in the database, so a crash in the middle is finished by the next
 * `finishBulkLoads` (the services call it at start and the sync engine after each pull round).
 *
 * Queries stay correct meanwhile, only slower (no index) — and rows loaded so far are not found by
 * the student search until the load ends, which the sync bar shows as the first sync in progress.
 *
 * The requests' natural key index (`requests_id`, unique, on random UUIDs) is dropped too: every
 * page's commit rewrote its randomly hit pages (migration 0011). While it is deferred, the upsert
 * answers "is this id stored?" from `bulkRequestIds` (every id inserted since the load began, built
 * from the table after a restart) instead of an index, and the index is built, unique, at the end.
 */
import { createLogger } from '../log/logger';
import { type AppDatabase } from './openDatabase';
import { statementCache } from './statementCache';
import { type StudentDocKind } from './studentSearchIndex';

export type BulkTable = 'requests' | 'cards';

const log = createLogger('store.bulkLoad');

const KIND: Record<BulkTable, StudentDocKind> = { requests: 'request', cards: 'card' };
const TABLE: Record<StudentDocKind, BulkTable> = { request: 'requests', card: 'cards' };
const PARITY: Record<StudentDocKind, number> = { request: 0, card: 1 };

/** Rows indexed per transaction when the search index is filled: each step stays well under 50 ms. */
const SEARCH_CHUNK_ROWS = 4_000;

/**
 * Page cache while deferred work is rebuilt (KiB; the store's own is 32 MiB). An index build sorts
 * in memory up to the cache size, and the search index rewrites the same FTS pages chunk after chunk:
 * with 64 MiB, 50k requests + 50k cards rebuild in 1.15 s instead of 1.45 s (bench store group).
 * The usual size is restored as soon as the rebuild is done, so the memory goes back to the cache.
 */
const REBUILD_CACHE_KIB = 65_536;

/** The requests' natural key (migration 0011). */
const REQUEST_ID_INDEX = 'requests_id';

/**
 * Unique indexes a bulk load may drop, with how to keep one row per key if the build at the end
 * finds duplicates (never expected: only a second connection writing the table during the load
 * could insert one). The newest version wins, as in the upsert.
 */
const BULK_UNIQUE: Record<string, { table: BulkTable; dedupe: string }> = {
  [REQUEST_ID_INDEX]: {
    table: 'requests',
    dedupe: `DELETE FROM requests WHERE row_id IN (
      SELECT row_id FROM (
        SELECT row_id, row_number() OVER (PARTITION BY id ORDER BY version DESC, row_id DESC) AS rank FROM requests
      ) WHERE rank > 1)`,
  },
};

/**
 * Partial indexes a feed never fills, kept live during a load: their WHERE leaves out every row a feed
 * writes (rows arrive SYNCED, with their address flags computed), so they stay empty and cost nothing
 * per insert, while building each at the end is one more full scan of the table (4.5 and 6.2 ms for
 * 20,000 requests). A row they do cover (a decision recorded during the load) is indexed as usual.
 */
const LIVE_DURING_LOAD = ['requests_queue_local', 'requests_address_unknown'];

/** Ids of the requests stored while `requests_id` is deferred; always a superset of the table's. */
const requestIdsDuringLoad = new WeakMap<AppDatabase, Set<string>>();

const statements = statementCache((sqlite) => ({
  anyRow: {
    requests: sqlite.prepare<[], { one: number }>('SELECT 1 AS one FROM requests LIMIT 1'),
    cards: sqlite.prepare<[], { one: number }>('SELECT 1 AS one FROM cards LIMIT 1'),
  },
  // Other unique indexes (the cards' natural key) stay: the upsert looks rows up by them.
  droppable: sqlite.prepare<[string], { name: string; tbl_name: string; sql: string }>(
    `SELECT name, tbl_name, sql FROM sqlite_master
      WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL
        AND (sql NOT LIKE 'CREATE UNIQUE%' OR name IN (${Object.keys(BULK_UNIQUE)
          .map((name) => `'${name}'`)
          .join(', ')}))
        AND name NOT IN (${LIVE_DURING_LOAD.map((name) => `'${name}'`).join(', ')})`,
  ),
  indexDeferred: sqlite.prepare<[string], { one: number }>('SELECT 1 AS one FROM deferred_indexes WHERE name = ?'),
  requestIds: sqlite.prepare<[], string>('SELECT id FROM requests').pluck(),
  defer: sqlite.prepare<[string, string, string]>(
    'INSERT OR IGNORE INTO deferred_indexes (name, table_name, sql) VALUES (?, ?, ?)',
  ),
  deferSearch: sqlite.prepare<[string]>('INSERT OR IGNORE INTO deferred_search (kind) VALUES (?)'),
  searchDeferred: sqlite.prepare<[string], { one: number }>('SELECT 1 AS one FROM deferred_search WHERE kind = ?'),
  // Indexes of the loaded tables first; those of the search names only once the names are filled.
  nextIndex: sqlite.prepare<[number], { name: string; sql: string }>(
    `SELECT name, sql FROM deferred_indexes WHERE (table_name = 'student_names') = ? ORDER BY name LIMIT 1`,
  ),
  indexExists: sqlite.prepare<[string], { one: number }>(
    "SELECT 1 AS one FROM sqlite_master WHERE type = 'index' AND name = ?",
  ),
  indexDone: sqlite.prepare<[string]>('DELETE FROM deferred_indexes WHERE name = ?'),
  deferredKinds: sqlite.prepare<[], { kind: StudentDocKind }>('SELECT kind FROM deferred_search ORDER BY kind'),
  searchDone: sqlite.prepare<[string]>('DELETE FROM deferred_search WHERE kind = ?'),
  pending: sqlite.prepare<[], { n: number }>(
    'SELECT (SELECT count(*) FROM deferred_indexes) + (SELECT count(*) FROM deferred_search) AS n',
  ),
}));

/** True when the table holds no row at all: a first sync may then load it in bulk. */
export function tableIsEmpty(db: AppDatabase, table: BulkTable): boolean {
  return statements(db).anyRow[table].get() === undefined;
}

/**
 * Starts a bulk load of `table`: its secondary indexes are dropped (their SQL kept) and its new rows
 * skip the search index. Call it only on an empty table, inside the transaction that starts the
 * full resync, so both are recorded together.
 */
export function beginBulkLoad(db: AppDatabase, table: BulkTable): number {
  const s = statements(db);
  // The names' display-order index too: each chunk of the search fill at the end inserted its names
  // at random places in it, rewriting most of its pages per chunk (≈ 0.3 s of a 50k + 50k load).
  const indexes = [...s.droppable.all(table), ...s.droppable.all('student_names')];
  for (const index of indexes) {
    s.defer.run(index.name, index.tbl_name, index.sql);
    db.sqlite.exec(`DROP INDEX "${index.name.replaceAll('"', '""')}"`);
  }
  s.deferSearch.run(KIND[table]);
  // Rebuilt from the (empty) table at first use, inside the transaction that uses it.
  if (table === 'requests') requestIdsDuringLoad.delete(db);
  return indexes.length;
}

/**
 * While `requests_id` is deferred by a bulk load: the ids stored so far, a superset of the table's
 * (requestsRepo adds every id it inserts; rows are never taken out, so a deleted one only costs a
 * lookup). `null` when the index exists and lookups use it. Call it inside the writing transaction.
 */
export function bulkRequestIds(db: AppDatabase): Set<string> | null {
  const s = statements(db);
  if (s.indexDeferred.get(REQUEST_ID_INDEX) === undefined) {
    requestIdsDuringLoad.delete(db);
    return null;
  }
  let ids = requestIdsDuringLoad.get(db);
  if (ids === undefined) {
    ids = new Set(s.requestIds.all());
    requestIdsDuringLoad.set(db, ids);
  }
  return ids;
}

/** Whether new rows of this kind must skip the search index (studentSearchIndex.ts asks). */
export function isSearchDeferred(db: AppDatabase, kind: StudentDocKind): boolean {
  return statements(db).searchDeferred.get(kind) !== undefined;
}

export function bulkLoadPending(db: AppDatabase): boolean {
  return (statements(db).pending.get()?.n ?? 0) > 0;
}

/**
 * Rebuilds what bulk loads deferred, one short transaction per index and per chunk of rows, with
 * `pause` awaited between steps so the process keeps answering the UI. Idempotent: a crash between
 * two steps leaves the rest to the next call.
 */
export async function finishBulkLoads(db: AppDatabase, pause: () => Promise<void>): Promise<{ indexes: number }> {
  if (!bulkLoadPending(db)) return { indexes: 0 };
  const usualCache = db.sqlite.pragma('cache_size', { simple: true }) as number;
  db.sqlite.pragma(`cache_size = -${REBUILD_CACHE_KIB}`);
  try {
    return await rebuildDeferred(db, pause);
  } finally {
    // The store may have been closed while a step was paused (app quitting): nothing to restore then.
    if (db.sqlite.open) db.sqlite.pragma(`cache_size = ${usualCache}`);
  }
}

async function rebuildDeferred(db: AppDatabase, pause: () => Promise<void>): Promise<{ indexes: number }> {
  const s = statements(db);
  let indexes = await rebuildIndexes(db, false, pause);
  for (const { kind } of s.deferredKinds.all()) {
    await fillSearchIndex(db, kind, pause);
  }
  indexes += await rebuildIndexes(db, true, pause);
  return { indexes };
}

async function rebuildIndexes(db: AppDatabase, ofSearchNames: boolean, pause: () => Promise<void>): Promise<number> {
  const s = statements(db);
  let indexes = 0;
  for (;;) {
    const next = s.nextIndex.get(ofSearchNames ? 1 : 0);
    if (next === undefined) return indexes;
    db.sqlite.transaction(() => {
      // Already there if a migration or an earlier step recreated it.
      if (s.indexExists.get(next.name) === undefined) createIndex(db, next);
      s.indexDone.run(next.name);
    })();
    if (next.name === REQUEST_ID_INDEX) requestIdsDuringLoad.delete(db);
    indexes += 1;
    await pause();
  }
}

/** Builds a deferred index; a unique one that meets duplicates keeps the newest row of each key. */
function createIndex(db: AppDatabase, index: { name: string; sql: string }): void {
  const unique = BULK_UNIQUE[index.name];
  if (unique === undefined) {
    db.sqlite.exec(index.sql);
    return;
  }
  const savepoint = db.sqlite.transaction(() => db.sqlite.exec(index.sql));
  try {
    savepoint();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT')) throw error;
    const removed = db.sqlite.prepare(unique.dedupe).run().changes;
    log.warn('duplicate rows removed before building a unique index', {
      table: unique.table,
      index: index.name,
      removed,
    });
    db.sqlite.exec(index.sql);
  }
}

/**
 * Indexes the rows of `kind` missing from the search index, by row_id chunks. The last chunk and the
 * end of the deferral share one transaction: a row inserted between two chunks (after the previous
 * range) is still in a later one, and none can slip in after the last.
 */
async function fillSearchIndex(db: AppDatabase, kind: StudentDocKind, pause: () => Promise<void>): Promise<void> {
  const table = TABLE[kind];
  const doc = `r.row_id * 2 + ${PARITY[kind]}`;
  const missing = `FROM ${table} r WHERE r.row_id > ? AND r.row_id <= ?
      AND NOT EXISTS (SELECT 1 FROM student_names n WHERE n.doc = ${doc})`;
  // The search index first, then the names: a names row is the marker that the row is indexed.
  const fillFts = db.sqlite.prepare<[number, number]>(
    `INSERT INTO student_search (rowid, names) SELECT ${doc}, r.search_last || ' ' || r.search_first ${missing}`,
  );
  const fillNames = db.sqlite.prepare<[number, number]>(
    `INSERT INTO student_names (doc, search_last, search_first) SELECT ${doc}, r.search_last, r.search_first ${missing}`,
  );
  const maxRow = db.sqlite.prepare<[], { m: number | null }>(`SELECT max(row_id) AS m FROM ${table}`);
  const s = statements(db);
  let done = 0;
  for (;;) {
    const max = maxRow.get()?.m ?? 0;
    const last = done + SEARCH_CHUNK_ROWS >= max;
    const upTo = last ? Number.MAX_SAFE_INTEGER : done + SEARCH_CHUNK_ROWS;
    db.sqlite.transaction(() => {
      fillFts.run(done, upTo);
      fillNames.run(done, upTo);
      if (last) s.searchDone.run(kind);
    })();
    if (last) return;
    done = upTo;
    await pause();
  }
}
