import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/services/store/migrate';

describe('migration 0006_photo_checks', () => {
  it('creates the results table keyed by photo hash, with the checks version and a flagged index', () => {
    const db = new Database(':memory:');
    migrate(db, { target: 5 });
    migrate(db, { target: 6 });
    expect(db.pragma('user_version', { simple: true })).toBe(6);
    const insert = db.prepare(
      "INSERT INTO photo_checks (sha256, checks_version, overall, report_json, computed_at) VALUES (?, 1, ?, '{}', 'x')",
    );
    insert.run('a'.repeat(64), 'fail');
    // One row per photo: a second result for the same hash must replace, not add.
    expect(() => insert.run('a'.repeat(64), 'pass')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('b'.repeat(64), 'maybe')).toThrow(/CHECK/);
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'photo_checks'")
      .all();
    expect(indexes).toContainEqual({ name: 'photo_checks_flagged' });
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT 1 FROM requests WHERE photo_sha256 = 'x'").all() as {
      detail: string;
    }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('requests_photo_sha256');
    db.close();
  });
});
