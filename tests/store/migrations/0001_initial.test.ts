import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/services/store/migrate';
import { makeTempDir } from '../tempDir';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.remove());

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );

describe('migration 0001_initial', () => {
  it('creates the foundation tables on an empty database and sets user_version 1', () => {
    const db = new Database(path.join(tmp.dir, 'a.sqlite'));
    const report = migrate(db, { target: 1 });
    expect(report).toEqual({ from: 0, to: 1, applied: ['0001_initial'] });
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'requests',
        'request_tombstones',
        'cards',
        'photos',
        'outbox',
        'sync_cursors',
        'quarantine',
        'reference_data',
        'establishments',
        'settings',
        'audit_log',
      ]),
    );
    // Running again is a no-op.
    expect(migrate(db, { target: 1 }).applied).toEqual([]);
    db.close();
  });

  it('enforces its constraints: unique idempotency keys, enumerations, strict types', () => {
    const db = new Database(':memory:');
    migrate(db, { target: 1 });
    const outbox = db.prepare(
      `INSERT INTO outbox (id, kind, target_id, idempotency_key, body, created_at, updated_at, decided_by_staff_id)
       VALUES (?, ?, 't', ?, '{}', 'now', 'now', 'staff')`,
    );
    outbox.run('o1', 'PREVALIDATION', 'key-1');
    expect(() => outbox.run('o2', 'PREVALIDATION', 'key-1')).toThrow(/UNIQUE/);
    expect(() => outbox.run('o3', 'SOMETHING', 'key-3')).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO settings (key, value) VALUES ('k', ?)").run(Buffer.from('x'))).toThrow();
    db.close();
  });

  it('rolls back entirely when a step fails, leaving user_version unchanged', () => {
    const db = new Database(':memory:');
    const failing = { version: 1, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE t (x); BOOM;') };
    expect(() => migrate(db, { migrations: [failing] })).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(db)).not.toContain('t');
    db.close();
  });
});
