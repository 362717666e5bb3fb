/**
 * The 50k requests + 50k cards store shared by the store and search groups: the dataset comes from
 * the simulator's generator (not timed), the file lives in a temp folder removed at exit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { upsertCards } from '../electron/main/services/store/cardsRepo';
import { openDatabase, type AppDatabase } from '../electron/main/services/store/openDatabase';
import { upsertRequests } from '../electron/main/services/store/requestsRepo';
import { generateDataset, type Dataset } from '../region-sim/seed/generateDataset';
import { BENCH_STORE_KEY } from './benchStoreKey';

export const SEED_SIZE = { requests: 50_000, cards: 50_000, seed: 1 } as const;

let dataset: Dataset | undefined;
const tempDirs: string[] = [];

process.on('exit', () => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

export function benchDataset(): Dataset {
  dataset ??= generateDataset({ ...SEED_SIZE });
  return dataset;
}

export function freshDatabaseFile(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${label}-`));
  tempDirs.push(dir);
  return path.join(dir, 'app.sqlite');
}

/** Opens a new store filled through the app's repositories. */
export function seededStore(): AppDatabase {
  const data = benchDataset();
  const db = openDatabase({ key: BENCH_STORE_KEY, file: freshDatabaseFile('search') });
  upsertRequests(db, data.requests);
  upsertCards(db, data.cards);
  return db;
}
