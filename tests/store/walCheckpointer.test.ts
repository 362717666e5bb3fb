import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { makeTempDir, TEST_STORE_KEY } from './tempDir';

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('WAL checkpoints on a worker thread', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  const dbs: AppDatabase[] = [];
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => {
    while (dbs.length > 0) dbs.pop()?.close();
    tmp.remove();
  });

  const open = (backgroundCheckpoints: boolean) => {
    const db = openDatabase({ key: TEST_STORE_KEY, file: path.join(tmp.dir, 'hdf.sqlite'), backgroundCheckpoints });
    dbs.push(db);
    return db;
  };
  const fill = (db: AppDatabase) => {
    db.sqlite.exec('CREATE TABLE IF NOT EXISTS filler (x BLOB)');
    const insert = db.sqlite.prepare('INSERT INTO filler VALUES (randomblob(3000))');
    // Many small commits, as a feed writes them: well over the 1,000-page automatic threshold.
    for (let i = 0; i < 60; i++) db.sqlite.transaction(() => Array.from({ length: 50 }, () => insert.run()))();
  };
  const fileSize = () => fs.statSync(path.join(tmp.dir, 'hdf.sqlite')).size;

  it('turns the commit-time checkpoint off and copies the WAL into the file from the worker', async () => {
    const db = open(true);
    await until(() => db.sqlite.pragma('wal_autocheckpoint', { simple: true }) === 0);
    const before = fileSize();
    fill(db);
    // No commit checkpointed (the main connection's threshold is off): the worker does it.
    await until(() => fileSize() > before + 5_000_000);
    db.close();
    dbs.pop();
    const reopened = open(false);
    expect(reopened.sqlite.prepare('SELECT count(*) AS n FROM filler').get()).toEqual({ n: 3_000 });
    expect(reopened.sqlite.pragma('quick_check', { simple: true })).toBe('ok');
  });

  it('without it, commits checkpoint as SQLite does by default', () => {
    const db = open(false);
    expect(db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
  });
});
