/**
 * Seeding a full establishment (50k requests + 50k cards) into an empty store, as a first sync does
 * it (store/bulkLoad.ts: secondary indexes and the search index built once at the end), through the
 * repositories — against the same rows written by one raw prepared statement per table with the
 * same bulk steps done by hand: the ratio is the repo layer's overhead. Both stores are opened as the
 * services open theirs (WAL checkpoints on their own thread, store/backgroundConnection.ts).
 */
import { cardParams, upsertCards } from '../../electron/main/services/store/cardsRepo';
import { beginBulkLoad, finishBulkLoads } from '../../electron/main/services/store/bulkLoad';
import { openDatabase } from '../../electron/main/services/store/openDatabase';
import { requestParams, upsertRequests } from '../../electron/main/services/store/requestsRepo';
import { type BenchGroup } from '../benchRow';
import { round } from '../percentiles';
import { benchDataset, freshDatabaseFile } from '../seededStore';
import { BENCH_STORE_KEY } from '../benchStoreKey';

async function seedThroughRepos(): Promise<number> {
  const data = benchDataset();
  const db = openDatabase({ key: BENCH_STORE_KEY, file: freshDatabaseFile('seed'), backgroundCheckpoints: true });
  const started = performance.now();
  db.sqlite.transaction(() => {
    beginBulkLoad(db, 'requests');
    beginBulkLoad(db, 'cards');
  })();
  upsertRequests(db, data.requests);
  upsertCards(db, data.cards);
  await finishBulkLoads(db, () => Promise.resolve());
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return seconds;
}

/** Plain INSERTs of the same column values, then the same indexes and search entries built in bulk. */
function seedRaw(): number {
  const data = benchDataset();
  const db = openDatabase({ key: BENCH_STORE_KEY, file: freshDatabaseFile('seed-raw'), backgroundCheckpoints: true });
  const receivedAt = new Date().toISOString();
  // Column values are computed before timing: this figure is the database's share alone.
  const requestParamsList = data.requests.map((r) => requestParams(r, receivedAt));
  const cardParamsList = data.cards.map((c) => cardParams(c, receivedAt));
  // Bound by position, as the repositories do.
  const insert = (table: string, rows: ReadonlyArray<Record<string, unknown>>) => {
    const columns = Object.keys(rows[0] ?? {});
    return {
      statement: db.sqlite.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      ),
      values: rows.map((row) => columns.map((column) => row[column])),
    };
  };
  const requestRows = insert('requests', requestParamsList);
  const cardRows = insert('cards', cardParamsList);
  const secondary = db.sqlite
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('requests', 'cards')
         AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'`,
    )
    .all() as Array<{ name: string; sql: string }>;
  const started = performance.now();
  for (const index of secondary) db.sqlite.exec(`DROP INDEX ${index.name}`);
  db.sqlite.transaction(() => {
    for (const values of requestRows.values) requestRows.statement.run(values);
    for (const values of cardRows.values) cardRows.statement.run(values);
  })();
  for (const index of secondary) db.sqlite.exec(index.sql);
  db.sqlite.exec(`
    INSERT INTO student_search (rowid, names) SELECT row_id * 2, search_last || ' ' || search_first FROM requests;
    INSERT INTO student_names (doc, search_last, search_first) SELECT row_id * 2, search_last, search_first FROM requests;
    INSERT INTO student_search (rowid, names) SELECT row_id * 2 + 1, search_last || ' ' || search_first FROM cards;
    INSERT INTO student_names (doc, search_last, search_first) SELECT row_id * 2 + 1, search_last, search_first FROM cards;
  `);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return seconds;
}

export const storeGroup: BenchGroup = {
  name: 'store',
  description: 'Seed 50k requests + 50k cards (repositories vs raw statements)',
  async run() {
    benchDataset(); // generation is not measured
    const seed = await seedThroughRepos();
    const raw = seedRaw();
    return [
      {
        id: 'store.seed_s',
        value: round(seed),
        unit: 's',
        note: 'upsertRequests + upsertCards into an empty store (bulk load), indexes and FTS included; target < 3',
      },
      {
        id: 'store.seed_raw_s',
        value: round(raw),
        unit: 's',
        note: 'raw prepared INSERTs in one transaction, same indexes and FTS built after',
      },
      { id: 'store.seed_ratio', value: round(seed / raw, 2), unit: 'x', note: 'target ≤ 1.5' },
    ];
  },
};
