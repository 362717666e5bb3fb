import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../electron/main/services/store/migrations';
import { openDatabase, StoreOpenError, openStoreConnection } from '../../electron/main/services/store/openDatabase';
import { TEST_STORE_KEY, makeTempDir, sha256File } from './tempDir';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.remove());

function expectRefused(file: string, code: StoreOpenError['code']): StoreOpenError {
  const before = sha256File(file);
  let caught: unknown;
  try {
    openDatabase({ key: TEST_STORE_KEY, file }).close();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(StoreOpenError);
  const error = caught as StoreOpenError;
  expect(error.code).toBe(code);
  expect(error.messageFr).toMatch(/fichier n'a pas été modifié/);
  expect(sha256File(file)).toBe(before);
  return error;
}

describe('openDatabase', () => {
  it('creates a new file (and its folder) at the newest schema, in WAL mode', () => {
    const file = path.join(tmp.dir, 'nested', 'app.sqlite');
    const db = openDatabase({ key: TEST_STORE_KEY, file });
    expect(db.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(Number(db.sqlite.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
    db.close();
    db.close(); // idempotent
    expect(fs.existsSync(file)).toBe(true);
  });

  it('re-opens an existing database without re-running migrations and keeps data', () => {
    const file = path.join(tmp.dir, 'app.sqlite');
    const first = openDatabase({ key: TEST_STORE_KEY, file });
    first.sqlite.prepare("INSERT INTO settings (key, value) VALUES ('k', '1')").run();
    first.close();
    const second = openDatabase({ key: TEST_STORE_KEY, file });
    expect(second.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(second.sqlite.prepare("SELECT value FROM settings WHERE key = 'k'").get()).toEqual({ value: '1' });
    second.close();
  });

  it('opens read-only without migrating or writing', () => {
    const file = path.join(tmp.dir, 'app.sqlite');
    openDatabase({ key: TEST_STORE_KEY, file }).close();
    const before = sha256File(file);
    const db = openDatabase({ key: TEST_STORE_KEY, file, readonly: true });
    expect(() => db.sqlite.prepare("INSERT INTO settings (key, value) VALUES ('k', '1')").run()).toThrow();
    db.close();
    expect(sha256File(file)).toBe(before);
    expect(() =>
      openDatabase({ key: TEST_STORE_KEY, file: path.join(tmp.dir, 'missing.sqlite'), readonly: true }),
    ).toThrow(StoreOpenError);
  });

  it('refuses a database from a newer app (FUTURE_SCHEMA) and leaves it untouched', () => {
    const file = path.join(tmp.dir, 'future.sqlite');
    const raw = openStoreConnection(file, TEST_STORE_KEY);
    raw.exec("CREATE TABLE something_new (x TEXT); INSERT INTO something_new VALUES ('data');");
    const future = LATEST_SCHEMA_VERSION + 3;
    raw.pragma(`user_version = ${future}`);
    raw.close();
    const error = expectRefused(file, 'FUTURE_SCHEMA');
    expect(error.messageFr).toContain(`schéma ${future}`);
    expect(error.messageFr).toContain(`schéma ${LATEST_SCHEMA_VERSION}`);
  });

  it('refuses random bytes as CORRUPT and leaves the file untouched', () => {
    const file = path.join(tmp.dir, 'random.sqlite');
    fs.writeFileSync(file, crypto.randomBytes(64 * 1024));
    expectRefused(file, 'CORRUPT');
  });

  it('refuses a text file as CORRUPT and leaves it untouched', () => {
    const file = path.join(tmp.dir, 'notes.sqlite');
    fs.writeFileSync(file, 'Ceci est un fichier texte, pas une base de données.\n'.repeat(200));
    expectRefused(file, 'CORRUPT');
  });

  it('refuses a truncated real database as CORRUPT and leaves it untouched', () => {
    const file = path.join(tmp.dir, 'truncated.sqlite');
    const db = openDatabase({ key: TEST_STORE_KEY, file });
    const insert = db.sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    db.sqlite.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run(`key-${i}`, JSON.stringify('x'.repeat(200)));
    })();
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const full = fs.readFileSync(file);
    fs.writeFileSync(file, full.subarray(0, Math.floor(full.length / 2)));
    expectRefused(file, 'CORRUPT');
  });

  it('treats a locked database as LOCKED, not as corrupt', () => {
    const file = path.join(tmp.dir, 'app.sqlite');
    openDatabase({ key: TEST_STORE_KEY, file }).close();
    // A database at schema 0 needs migrating; another connection holds the write lock meanwhile.
    const other = openStoreConnection(file, TEST_STORE_KEY);
    other.pragma('user_version = 0');
    other.pragma('busy_timeout = 0');
    other.exec('BEGIN EXCLUSIVE');
    try {
      const started = Date.now();
      expect(() => openDatabase({ key: TEST_STORE_KEY, file })).toThrow(expect.objectContaining({ code: 'LOCKED' }));
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  }, 20_000);
});
