import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/services/store/migrate';

describe('migration 0005_revalidation', () => {
  it('keeps schema-4 cards and outbox rows and adds the look-ups table and the roster indexes', () => {
    const db = new Database(':memory:');
    migrate(db, { target: 4 });
    db.prepare(
      `INSERT INTO cards (card_number, file_number, version, status, last_name, first_name, birth_date, wallet_active,
         updated_at, received_at)
       VALUES ('4000123400001234', 'HDF-2025-0009876', 4, 'ACTIVE', 'DURAND', 'Inès', '2009-05-11', 0,
         '2026-07-01T00:05:00Z', '2026-07-01T00:05:00Z')`,
    ).run();
    migrate(db, { target: 5 });
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(db.prepare('SELECT COUNT(*) AS n FROM cards').get()).toEqual({ n: 1 });
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]).map(
      (r) => r.name,
    );
    expect(indexes).toEqual(
      expect.arrayContaining([
        'cards_file_number',
        'cards_ine',
        'cards_roster_class',
        'cards_roster_name',
        'cards_roster_year',
        'card_lookups_pending',
        'outbox_kind_created',
      ]),
    );
    // The desk's look-ups by number use an index, never a scan of 50,000 cards.
    for (const column of ['card_number', 'file_number', 'ine']) {
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM cards WHERE ${column} = ?`).all('x') as {
        detail: string;
      }[];
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX/);
    }
    db.close();
  });

  it('refuses a look-up in an unknown state and accepts a pending one', () => {
    const db = new Database(':memory:');
    migrate(db, { target: 5 });
    const insert = db.prepare(
      `INSERT INTO card_lookups (id, kind, value, birth_date, staff_id, state, created_at)
       VALUES (?, 'CARD_NUMBER', '4000123400001234', '2009-05-11', 'secretariat', ?, '2026-09-01T08:00:00Z')`,
    );
    insert.run('a', 'PENDING');
    expect(() => insert.run('b', 'MAYBE')).toThrow(/CHECK/);
    db.close();
  });
});
