/**
 * Bulk load: the first sync of a feed into an empty table drops the table's secondary indexes and
 * defers the student search index, then rebuilds both once at the end (see migration 0009 for the
 * measurements). The state lives in the database, so a crash in the middle is finished by the next
 * `finishBulkLoads` (the services call it at start and the sync engine after each pull round).
 *
 * Queries stay correct meanwhile, only slower (no index) — and rows loaded so far are not found by
 * the student search until the load ends, which the sync bar shows as the first sync in progress.
 */
import { type AppDatabase } from './openDatabase';
import { statementCache } from './statementCache';
import { type StudentDocKind } from './studentSearchIndex';

export type BulkTable = 'requests' | 'cards';

const KIND: Record<BulkTable, StudentDocKind> = { requests: 'request', cards: 'card' };
const TABLE: Record<StudentDocKind, BulkTable> = { request: 'requests', card: 'cards' };
const PARITY: Record<StudentDocKind, number> = { request: 0, card: 1 };

/** Rows indexed per transaction when the search index is filled: each step stays well under 50 ms. */
const SEARCH_CHUNK_ROWS = 4_000;

const statements = statementCache((sqlite) => ({
  anyRow: {
    requests: sqlite.prepare<[], { one: number }>('SELECT 1 AS one FROM requests LIMIT 1'),
    cards: sqlite.prepare<[], { one: number }>('SELECT 1 AS one FROM cards LIMIT 1'),
  },
  // Unique indexes (natural keys) stay: the upsert looks rows up by them.
  droppable: sqlite.prepare<[string], { name: string; sql: string }>(
    `SELECT name, sql FROM sqlite_master
      WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'`,
  ),
  defer: sqlite.prepare<[string, string, string]>(
    'INSERT OR IGNORE INTO deferred_indexes (name, table_name, sql) VALUES (?, ?, ?)',
  ),
  deferSearch: sqlite.prepare<[string]>('INSERT OR IGNORE INTO deferred_search (kind) VALUES (?)'),
  searchDeferred: sqlite.prepare<[string], { one: number }>('SELECT 1 AS one FROM deferred_search WHERE kind = ?'),
  nextIndex: sqlite.prepare<[], { name: string; sql: string }>(
    'SELECT name, sql FROM deferred_indexes ORDER BY name LIMIT 1',
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
  const indexes = s.droppable.all(table);
  for (const index of indexes) {
    s.defer.run(index.name, table, index.sql);
    db.sqlite.exec(`DROP INDEX "${index.name.replaceAll('"', '""')}"`);
  }
  s.deferSearch.run(KIND[table]);
  return indexes.length;
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
  const s = statements(db);
  let indexes = 0;
  for (;;) {
    const next = s.nextIndex.get();
    if (next === undefined) break;
    db.sqlite.transaction(() => {
      // Already there if a migration or an earlier step recreated it.
      if (s.indexExists.get(next.name) === undefined) db.sqlite.exec(next.sql);
      s.indexDone.run(next.name);
    })();
    indexes += 1;
    await pause();
  }
  for (const { kind } of s.deferredKinds.all()) {
    await fillSearchIndex(db, kind, pause);
  }
  return { indexes };
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
