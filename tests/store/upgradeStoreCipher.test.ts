/**
 * Stores written by earlier versions (SQLCipher 4 pages) are rewritten once into the current format
 * (AEGIS-256) when the app opens them for writing — with every row, the outbox, and the frames a
 * crash left in the WAL — and a failed or interrupted rewrite never costs data. Real files, real
 * driver: the legacy stores here are made the way the previous versions made them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../electron/main/services/store/migrate';
import { LATEST_SCHEMA_VERSION } from '../../electron/main/services/store/migrations';
import { openDatabase, type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { connectStore, connectWithCipher } from '../../electron/main/services/store/storeConnection';
import { CIPHER_UPGRADE_SUFFIX } from '../../electron/main/services/store/upgradeStoreCipher';
import { insertOutbox, insertRequest } from '../security/securityFixtures';
import { TEST_STORE_KEY, makeTempDir, sha256File } from './tempDir';

let tmp: ReturnType<typeof makeTempDir>;
let file: string;
beforeEach(() => {
  tmp = makeTempDir();
  file = path.join(tmp.dir, 'hdf.sqlite');
});
afterEach(() => tmp.remove());

const REQUESTS = 300;

function requestId(i: number): string {
  return `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

/** A store as the previous versions wrote it: SQLCipher 4 pages, WAL, the full schema, rows and decisions. */
function legacyStore(target: string): BetterSqlite3.Database {
  const sqlite = connectWithCipher(target, TEST_STORE_KEY, 'sqlcipher-4');
  sqlite.pragma('journal_mode = WAL');
  migrate(sqlite);
  const db = { sqlite } as AppDatabase;
  sqlite.transaction(() => {
    for (let i = 0; i < REQUESTS; i++) insertRequest(db, { id: requestId(i) });
    insertOutbox(db, { targetId: requestId(1), state: 'PENDING' });
    insertOutbox(db, { targetId: requestId(2), state: 'CONFLICT' });
  })();
  return sqlite;
}

function cipherOf(target: string): string {
  const { sqlite, cipher } = connectStore(target, TEST_STORE_KEY, { readonly: true, fileMustExist: true });
  sqlite.close();
  return cipher;
}

function counts(db: AppDatabase): { requests: number; outbox: string[] } {
  const requests = (db.sqlite.prepare('SELECT count(*) AS n FROM requests').get() as { n: number }).n;
  const outbox = (db.sqlite.prepare('SELECT state FROM outbox ORDER BY state').all() as Array<{ state: string }>).map(
    (r) => r.state,
  );
  return { requests, outbox };
}

function leftovers(): string[] {
  return fs.readdirSync(tmp.dir).filter((name) => name.includes(CIPHER_UPGRADE_SUFFIX));
}

describe('store cipher upgrade (SQLCipher 4 → AEGIS-256)', () => {
  it('new stores are written in AEGIS-256 with the raw key', () => {
    openDatabase({ file, key: TEST_STORE_KEY }).close();
    expect(cipherOf(file)).toBe('aegis-256');
    const conn = connectWithCipher(file, TEST_STORE_KEY, 'aegis-256', { readonly: true });
    try {
      expect(conn.pragma('cipher', { simple: true })).toBe('aegis');
      expect(conn.pragma('algorithm', { simple: true })).toBe('aegis-256');
    } finally {
      conn.close();
    }
    // The old format's settings do not read it: the format really changed.
    const legacy = connectWithCipher(file, TEST_STORE_KEY, 'sqlcipher-4', { readonly: true });
    try {
      expect(() => legacy.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/not a database/);
    } finally {
      legacy.close();
    }
  });

  it('rewrites a cleanly closed legacy store once, keeping every row and the outbox', () => {
    legacyStore(file).close();
    expect(cipherOf(file)).toBe('sqlcipher-4');

    const db = openDatabase({ file, key: TEST_STORE_KEY, backgroundCheckpoints: true });
    try {
      expect(db.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(counts(db)).toEqual({ requests: REQUESTS, outbox: ['CONFLICT', 'PENDING'] });
      db.sqlite.prepare("INSERT INTO settings (key, value) VALUES ('after-upgrade', '1')").run();
    } finally {
      db.close();
    }
    expect(cipherOf(file)).toBe('aegis-256');
    expect(leftovers()).toEqual([]);

    // The next open finds the current format: nothing rewritten again.
    const before = sha256File(file);
    const again = openDatabase({ file, key: TEST_STORE_KEY, readonly: true });
    try {
      expect(counts(again).requests).toBe(REQUESTS);
      expect(again.sqlite.prepare("SELECT value FROM settings WHERE key = 'after-upgrade'").get()).toEqual({
        value: '1',
      });
    } finally {
      again.close();
    }
    expect(sha256File(file)).toBe(before);
  });

  it('keeps the rows a crash left only in the WAL', () => {
    const live = legacyStore(path.join(tmp.dir, 'live.sqlite'));
    live.pragma('wal_checkpoint(TRUNCATE)');
    live.prepare('DELETE FROM requests WHERE id = ?').run(requestId(0));
    insertOutbox({ sqlite: live } as AppDatabase, { targetId: requestId(3), state: 'PENDING' });
    // What a crash leaves: the main file and a WAL with frames, copied while the connection is open.
    fs.copyFileSync(path.join(tmp.dir, 'live.sqlite'), file);
    fs.copyFileSync(path.join(tmp.dir, 'live.sqlite-wal'), `${file}-wal`);
    live.close();
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);

    const db = openDatabase({ file, key: TEST_STORE_KEY });
    try {
      expect(counts(db)).toEqual({ requests: REQUESTS - 1, outbox: ['CONFLICT', 'PENDING', 'PENDING'] });
    } finally {
      db.close();
    }
    expect(cipherOf(file)).toBe('aegis-256');
  });

  it('an interrupted earlier attempt (a stray copy beside the store) is cleared and redone', () => {
    legacyStore(file).close();
    fs.writeFileSync(`${file}${CIPHER_UPGRADE_SUFFIX}`, Buffer.alloc(8192, 0x5a));
    fs.writeFileSync(`${file}${CIPHER_UPGRADE_SUFFIX}-journal`, Buffer.alloc(4096, 0x5a));

    const db = openDatabase({ file, key: TEST_STORE_KEY });
    try {
      expect(counts(db).requests).toBe(REQUESTS);
    } finally {
      db.close();
    }
    expect(cipherOf(file)).toBe('aegis-256');
    expect(leftovers()).toEqual([]);
  });

  it('when the rewrite cannot run, the legacy store is used as it is this session and upgraded at the next start', () => {
    legacyStore(file).close();
    // A directory where the copy must go: the upgrade fails before touching the store.
    fs.mkdirSync(`${file}${CIPHER_UPGRADE_SUFFIX}`);

    const db = openDatabase({ file, key: TEST_STORE_KEY, backgroundCheckpoints: true });
    try {
      expect(counts(db)).toEqual({ requests: REQUESTS, outbox: ['CONFLICT', 'PENDING'] });
      insertOutbox(db, { targetId: requestId(4), state: 'PENDING' });
    } finally {
      db.close();
    }
    expect(cipherOf(file)).toBe('sqlcipher-4');

    fs.rmdirSync(`${file}${CIPHER_UPGRADE_SUFFIX}`);
    const next = openDatabase({ file, key: TEST_STORE_KEY });
    try {
      expect(counts(next)).toEqual({ requests: REQUESTS, outbox: ['CONFLICT', 'PENDING', 'PENDING'] });
    } finally {
      next.close();
    }
    expect(cipherOf(file)).toBe('aegis-256');
  });

  it('a read-only open reads a legacy store without rewriting it', () => {
    legacyStore(file).close();
    const before = sha256File(file);
    const db = openDatabase({ file, key: TEST_STORE_KEY, readonly: true });
    try {
      expect(counts(db).requests).toBe(REQUESTS);
    } finally {
      db.close();
    }
    expect(sha256File(file)).toBe(before);
    expect(cipherOf(file)).toBe('sqlcipher-4');
  });

  it('a legacy store under another key is still refused as before, untouched', () => {
    legacyStore(file).close();
    const before = sha256File(file);
    const otherKey = Buffer.alloc(32, 0x11);
    expect(() => openDatabase({ file, key: otherKey })).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    expect(sha256File(file)).toBe(before);
  });
});
