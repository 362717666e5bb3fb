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

const ARGON = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g';

describe('migration 0007_staff_security', () => {
  it('adds staff and sign-in failures, keeps the audit rows of 0001 and makes the log append-only', () => {
    const db = new Database(path.join(tmp.dir, 'm.sqlite'));
    migrate(db, { target: 6 });
    db.prepare(
      "INSERT INTO audit_log (at, actor, action, record_id, details, prev_hash, hash) VALUES ('t', 'a', 'x', NULL, NULL, 'p', 'h')",
    ).run();
    expect(migrate(db, { target: 7 }).applied).toEqual(['0007_staff_security']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM audit_log').get()).toEqual({ n: 1 });
    expect(() => db.prepare("UPDATE audit_log SET actor = 'b'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    const indexes = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['audit_log_at', 'audit_log_actor', 'audit_log_action']));
    db.close();
  });

  it('enforces its constraints: unique login, known roles, argon2id hashes only', () => {
    const db = new Database(':memory:');
    migrate(db, { target: 7 });
    const insert = db.prepare(
      "INSERT INTO staff (id, login, display_name, role, password_hash, created_at, updated_at) VALUES (?, ?, 'N', ?, ?, 't', 't')",
    );
    insert.run('1', 'a', 'administrator', ARGON);
    expect(() => insert.run('2', 'a', 'secretariat', ARGON)).toThrow(/UNIQUE/);
    expect(() => insert.run('3', 'b', 'superuser', ARGON)).toThrow(/CHECK/);
    expect(() => insert.run('4', 'c', 'antenna', 'plain-text-password')).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO sign_in_failures (login, failures, last_failed_at) VALUES ('x', -1, 't')").run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});
