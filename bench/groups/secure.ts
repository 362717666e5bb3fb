/**
 * The encrypted store's cost (issue 7): opening a 50k requests + 50k cards store through
 * openDatabase (key, quick_check, migrations check) and the same student searches as the search
 * group on the encrypted store and on a clear-text copy of the same rows, measured in this run,
 * interleaved so the machine's load hits both alike.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { writeStatementsHere } from '../../electron/main/services/store/backgroundConnection';
import { upsertCards } from '../../electron/main/services/store/cardsRepo';
import { migrate, readSchemaVersion } from '../../electron/main/services/store/migrate';
import { openDatabase, type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { upsertRequests } from '../../electron/main/services/store/requestsRepo';
import * as schema from '../../electron/main/services/store/schema';
import { searchStudents } from '../../electron/main/services/store/searchStudents';
import { derivePhotoKeys } from '../../electron/main/services/secrets/storeKey';
import { type BenchGroup, type BenchRow } from '../benchRow';
import { BENCH_STORE_KEY } from '../benchStoreKey';
import { percentile, round } from '../percentiles';
import { buildSearchWorkload, type BenchQuery } from '../searchWorkload';
import { benchDataset, freshDatabaseFile } from '../seededStore';

const OPEN_RUNS = 7;
const ROUNDS = 3;
const WARMUP_QUERIES = 300;
const MEASURED_QUERIES = 2_000;

function median(values: number[]): number {
  return percentile(values, 50);
}

/** The same schema and pragmas as openDatabase, without a key: the comparison baseline only. */
function clearTextStore(file: string): AppDatabase {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('cache_size = -32768');
  migrate(sqlite);
  return {
    sqlite,
    orm: drizzle(sqlite, { schema }),
    schemaVersion: readSchemaVersion(sqlite),
    file,
    photoKeys: derivePhotoKeys(BENCH_STORE_KEY),
    writeInBackground: (statements) => Promise.resolve(writeStatementsHere(sqlite, statements)),
    close: () => sqlite.close(),
  };
}

function fill(db: AppDatabase): void {
  const data = benchDataset();
  upsertRequests(db, data.requests);
  upsertCards(db, data.cards);
  db.sqlite.pragma('optimize');
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
}

function searchP95(db: AppDatabase, queries: readonly BenchQuery[]): number {
  for (const q of queries.slice(0, WARMUP_QUERIES)) searchStudents(db, q.text);
  const samples: number[] = [];
  for (const q of queries.slice(WARMUP_QUERIES)) {
    const started = performance.now();
    searchStudents(db, q.text);
    samples.push(performance.now() - started);
  }
  return percentile(samples, 95);
}

export const secureGroup: BenchGroup = {
  name: 'secure',
  description: 'encrypted store: open 50k through openDatabase, search p95 encrypted vs clear text (same run)',
  run(): BenchRow[] {
    const encryptedFile = freshDatabaseFile('secure-enc');
    const seeded = openDatabase({ key: BENCH_STORE_KEY, file: encryptedFile });
    fill(seeded);
    seeded.close();
    const plain = clearTextStore(path.join(path.dirname(freshDatabaseFile('secure-plain')), 'plain.sqlite'));
    fill(plain);

    const opens: number[] = [];
    for (let i = 0; i < OPEN_RUNS; i++) {
      const started = performance.now();
      const db = openDatabase({ key: BENCH_STORE_KEY, file: encryptedFile });
      opens.push(performance.now() - started);
      db.close();
    }

    const queries = buildSearchWorkload(benchDataset(), WARMUP_QUERIES + MEASURED_QUERIES);
    const encrypted = openDatabase({ key: BENCH_STORE_KEY, file: encryptedFile });
    const enc: number[] = [];
    const clear: number[] = [];
    try {
      for (let round = 0; round < ROUNDS; round++) {
        clear.push(searchP95(plain, queries));
        enc.push(searchP95(encrypted, queries));
      }
    } finally {
      encrypted.close();
      plain.close();
    }
    const encP95 = median(enc);
    const clearP95 = median(clear);
    return [
      {
        id: 'secure.open50k_ms',
        value: round(median(opens)),
        unit: 'ms',
        note: `median of ${OPEN_RUNS} opens (key, structure and schema checks); max ${round(Math.max(...opens))}; target ≤ 1000`,
      },
      { id: 'secure.search_p95_ms', value: round(encP95), unit: 'ms', note: 'encrypted store, median of 3 rounds' },
      { id: 'secure.search_plain_p95_ms', value: round(clearP95), unit: 'ms', note: 'clear-text copy, same run' },
      {
        id: 'secure.search_ratio',
        value: round(encP95 / clearP95),
        unit: 'x',
        note: `${MEASURED_QUERIES} mixed queries × ${ROUNDS} interleaved rounds; target ≤ 1.3`,
      },
    ];
  },
};
