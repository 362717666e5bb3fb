import { type AppDatabase } from './openDatabase';
import { statementCache } from './statementCache';

/**
 * New rows enter the student search index (FTS5 `student_search` + ordered `student_names`) from
 * the repositories, in the writer's transaction, rather than from AFTER INSERT triggers: measured
 * on 50k requests + 50k cards, the triggers more than tripled the seeding time (≈ 5.4 s against
 * ≈ 2.3 s for the same rows indexed by explicit statements). Updates and deletes, much rarer, keep
 * their triggers (migration 0002).
 */
export type StudentDocKind = 'request' | 'card';

/** One id space for both tables: requests get even document ids, cards odd ones. */
export function studentDocId(kind: StudentDocKind, rowId: number): number {
  return kind === 'request' ? rowId * 2 : rowId * 2 + 1;
}

const statements = statementCache((sqlite) => ({
  names: sqlite.prepare<[number, string, string]>(
    'INSERT INTO student_names (doc, search_last, search_first) VALUES (?, ?, ?)',
  ),
  fts: sqlite.prepare<[number, string]>('INSERT INTO student_search (rowid, names) VALUES (?, ?)'),
}));

/**
 * Call inside the transaction that inserted the row; `searchLast`/`searchFirst` are already folded.
 * Not during a first sync's bulk load: the caller asks `isSearchDeferred` once per transaction (its
 * rows are indexed together when the load ends, bulkLoad.ts).
 */
export function indexNewStudent(
  db: AppDatabase,
  kind: StudentDocKind,
  rowId: number,
  searchLast: string,
  searchFirst: string,
): void {
  const s = statements(db);
  const doc = studentDocId(kind, rowId);
  s.names.run(doc, searchLast, searchFirst);
  s.fts.run(doc, `${searchLast} ${searchFirst}`);
}
