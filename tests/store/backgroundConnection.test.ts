import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, openStoreConnection, type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { makeTempDir, TEST_STORE_KEY } from './tempDir';

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the background connection: WAL checkpoints and writes on a worker thread', () => {
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

  it('writes a batch in one transaction on its own connection, and refuses it whole when one row fails', async () => {
    const db = open(true);
    await until(() => db.sqlite.pragma('wal_autocheckpoint', { simple: true }) === 0);
    db.sqlite.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
    const sql = 'INSERT INTO notes (id, text) VALUES (@id, @text)';
    // data_version moves only when ANOTHER connection commits: proof the write was not done here.
    const version = () => db.sqlite.pragma('data_version', { simple: true }) as number;
    const before = version();
    await db.writeInBackground([
      { sql, params: { id: 1, text: 'a' } },
      { sql, params: { id: 2, text: 'b' } },
    ]);
    expect(version()).not.toBe(before);
    expect(db.sqlite.prepare('SELECT id, text FROM notes ORDER BY id').all()).toEqual([
      { id: 1, text: 'a' },
      { id: 2, text: 'b' },
    ]);
    await expect(
      db.writeInBackground([
        { sql, params: { id: 3, text: 'c' } },
        { sql, params: { id: 1, text: 'duplicate key' } },
      ]),
    ).rejects.toThrow(/UNIQUE/);
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM notes').get()).toEqual({ n: 2 });
  });

  it('without it, background writes are written at once on the connection itself', async () => {
    const db = open(false);
    db.sqlite.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
    const version = db.sqlite.pragma('data_version', { simple: true });
    const written = db.writeInBackground([
      { sql: 'INSERT INTO notes VALUES (@id, @text)', params: { id: 1, text: 'a' } },
    ]);
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM notes').get()).toEqual({ n: 1 });
    await written;
    expect(db.sqlite.pragma('data_version', { simple: true })).toBe(version);
  });

  it('takes the write lock at BEGIN: a transaction that reads, then writes, is not refused when the other connection commits between', () => {
    const db = open(false);
    db.sqlite.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
    // The other writer (as the background connection is), told not to wait.
    const other = openStoreConnection(path.join(tmp.dir, 'hdf.sqlite'), TEST_STORE_KEY);
    other.pragma('busy_timeout = 0');
    const otherInsert = other.prepare("INSERT INTO notes (text) VALUES ('other')");
    let otherCode: unknown = null;
    try {
      db.sqlite.transaction(() => {
        db.sqlite.prepare('SELECT count(*) AS n FROM notes').get();
        try {
          otherInsert.run();
        } catch (error) {
          otherCode = (error as { code?: unknown }).code;
        }
        // With BEGIN DEFERRED the other's commit would land here, and this write fail with SQLITE_BUSY.
        db.sqlite.prepare("INSERT INTO notes (text) VALUES ('mine')").run();
      })();
      expect(otherCode).toBe('SQLITE_BUSY');
      otherInsert.run(); // the lock released, the other writes
    } finally {
      other.close();
    }
    expect(db.sqlite.prepare('SELECT text FROM notes ORDER BY id').pluck().all()).toEqual(['mine', 'other']);
    // The deferred variant stays at hand.
    expect(typeof db.sqlite.transaction(() => 1).deferred).toBe('function');
  });

  it('without it, commits checkpoint as SQLite does by default', () => {
    const db = open(false);
    expect(db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
  });
});
