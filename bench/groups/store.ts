/**
 * Seeding a full establishment (50k requests + 50k cards) through the repositories, against the
 * same rows written by one raw prepared statement per table: the ratio is the repo layer's overhead.
 */
import { cardParams, upsertCards } from '../../electron/main/services/store/cardsRepo';
import { openDatabase } from '../../electron/main/services/store/openDatabase';
import { requestParams, upsertRequests } from '../../electron/main/services/store/requestsRepo';
import { type BenchGroup } from '../benchRow';
import { round } from '../percentiles';
import { benchDataset, freshDatabaseFile } from '../seededStore';
import { BENCH_STORE_KEY } from '../benchStoreKey';

function seedThroughRepos(): number {
  const data = benchDataset();
  const db = openDatabase({ key: BENCH_STORE_KEY, file: freshDatabaseFile('seed') });
  const started = performance.now();
  upsertRequests(db, data.requests);
  upsertCards(db, data.cards);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return seconds;
}

/** Plain INSERTs of the same column values and of their search-index entries. */
function seedRaw(): number {
  const data = benchDataset();
  const db = openDatabase({ key: BENCH_STORE_KEY, file: freshDatabaseFile('seed-raw') });
  const receivedAt = new Date().toISOString();
  // Column values are computed before timing: this figure is the database's share alone.
  const requestRows = data.requests.map((r) => requestParams(r, receivedAt));
  const cardRows = data.cards.map((c) => cardParams(c, receivedAt));
  const insert = (table: string, row: object) => {
    const columns = Object.keys(row);
    return db.sqlite.prepare(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
    );
  };
  const insertRequest = insert('requests', requestRows[0]!);
  const insertCard = insert('cards', cardRows[0]!);
  // The same search-index work the repositories do for a new row.
  const insertName = db.sqlite.prepare('INSERT INTO student_names (doc, search_last, search_first) VALUES (?, ?, ?)');
  const insertFts = db.sqlite.prepare('INSERT INTO student_search (rowid, names) VALUES (?, ?)');
  const index = (doc: number, row: { search_last: unknown; search_first: unknown }) => {
    insertName.run(doc, row.search_last, row.search_first);
    insertFts.run(doc, `${String(row.search_last)} ${String(row.search_first)}`);
  };
  const started = performance.now();
  db.sqlite.transaction(() => {
    for (const row of requestRows) index(Number(insertRequest.run(row).lastInsertRowid) * 2, row);
    for (const row of cardRows) index(Number(insertCard.run(row).lastInsertRowid) * 2 + 1, row);
  })();
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return seconds;
}

export const storeGroup: BenchGroup = {
  name: 'store',
  description: 'Seed 50k requests + 50k cards (repositories vs raw statements)',
  run() {
    benchDataset(); // generation is not measured
    const seed = seedThroughRepos();
    const raw = seedRaw();
    return [
      {
        id: 'store.seed_s',
        value: round(seed),
        unit: 's',
        note: 'upsertRequests + upsertCards, FTS included; target < 3',
      },
      { id: 'store.seed_raw_s', value: round(raw), unit: 's', note: 'raw prepared INSERTs, one transaction' },
      { id: 'store.seed_ratio', value: round(seed / raw, 2), unit: 'x', note: 'target ≤ 1.5' },
    ];
  },
};
