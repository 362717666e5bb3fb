import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/services/store/migrate';

describe('migration 0008_retention', () => {
  it('adds the purge report table (checked trigger) and the outbox look-up by target and state, keeping rows', () => {
    const db = new Database(':memory:');
    migrate(db, { target: 7 });
    db.prepare(
      `INSERT INTO outbox (id, kind, target_id, idempotency_key, body, state, created_at, updated_at, decided_by_staff_id)
       VALUES ('o1', 'PREVALIDATION', 'r1', 'k1', '{}', 'ACKED', 'now', 'now', 's')`,
    ).run();
    migrate(db, { target: 8 });
    expect(db.pragma('user_version', { simple: true })).toBe(8);
    db.prepare(
      "INSERT INTO purge_reports (ran_at, trigger, report) VALUES ('2026-11-26T12:00:00Z', 'sync', '{}')",
    ).run();
    expect(() =>
      db.prepare("INSERT INTO purge_reports (ran_at, trigger, report) VALUES ('x', 'other', '{}')").run(),
    ).toThrow(/CHECK/);
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT 1 FROM outbox WHERE target_id = 'r1' AND state = 'PENDING'")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/outbox_target_state/);
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 1 });
    db.close();
  });
});
