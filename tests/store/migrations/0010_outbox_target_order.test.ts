import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/services/store/migrate';

describe('migration 0010_outbox_target_order', () => {
  it('keeps the outbox rows and answers a record’s newest entry through the target index', () => {
    const db = new Database(':memory:');
    migrate(db, { target: 9 });
    const insert = db.prepare(
      `INSERT INTO outbox (id, kind, target_id, idempotency_key, body, state, created_at, updated_at,
         decided_by_staff_id)
       VALUES (?, 'PREVALIDATION', ?, ?, '{}', 'PENDING', ?, ?, 'staff-1')`,
    );
    insert.run('d1', 'r1', 'k1', '2026-09-01T08:00:00Z', '2026-09-01T08:00:00Z');
    insert.run('d2', 'r1', 'k2', '2026-09-01T09:00:00Z', '2026-09-01T09:00:00Z');
    migrate(db, { target: 10 });
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 2 });
    const newest = `SELECT id FROM outbox WHERE kind = 'PREVALIDATION' AND target_id = ?
                    ORDER BY created_at DESC, id DESC LIMIT 1`;
    expect(db.prepare(newest).get('r1')).toEqual({ id: 'd2' });
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${newest}`).all('r1') as { detail: string }[]).map((r) => r.detail);
    expect(plan.join(' ')).toMatch(/USING (COVERING )?INDEX outbox_target \(kind=\? AND target_id=\?\)/);
    expect(plan.join(' ')).not.toContain('TEMP B-TREE');
    db.close();
  });
});
