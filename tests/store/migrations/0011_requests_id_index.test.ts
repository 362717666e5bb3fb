import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/services/store/migrate';

function insertRequest(db: Database.Database, id: string, last: string): number {
  return Number(
    db
      .prepare(
        `INSERT INTO requests (id, file_number, version, status, school_year, establishment_uai, channel, submitted_at,
       updated_at, last_name, first_name, birth_date, email, training_type, is_returning, address_line1,
       address_postal_code, address_city, address_country, received_at, search_last, search_first, address_flags)
     VALUES (?, 'HDF-2026-0000001', 1, 'SUBMITTED', '2026-2027', '0590001F', 'ONLINE', '2026-09-01T08:00:00Z',
       '2026-09-01T08:00:00Z', ?, 'Léa', '2010-01-02', 'x@example.org', 'LYCEE', 0, '12 rue des Lilas', '59000',
       'Lille', 'FR', '2026-09-01T08:00:00Z', lower(?), 'lea', 0)`,
      )
      .run(id, last, last).lastInsertRowid,
  );
}

const schemaOf = (db: Database.Database, type: 'index' | 'trigger') =>
  db
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'requests' AND type = ? AND sql IS NOT NULL ORDER BY name",
    )
    .all(type) as Array<{ name: string; sql: string }>;

describe('migration 0011_requests_id_index', () => {
  it('moves the id constraint to a droppable unique index, keeping rows, row ids, indexes and triggers', () => {
    const db = new Database(':memory:');
    migrate(db, { target: 10 });
    insertRequest(db, 'a', 'Martin');
    const rowB = insertRequest(db, 'b', 'Durand');
    const rowC = insertRequest(db, 'c', 'Petit');
    db.prepare("DELETE FROM requests WHERE id = 'a'").run(); // row ids must keep their gaps, not be renumbered
    db.prepare('INSERT INTO student_names (doc, search_last, search_first) VALUES (?, ?, ?)').run(
      rowC * 2,
      'petit',
      'lea',
    );
    db.prepare("INSERT INTO student_search (rowid, names) VALUES (?, 'petit lea')").run(rowC * 2);
    db.prepare("UPDATE requests SET local_state = 'PENDING' WHERE id = 'b'").run();
    const columnsBefore = db.prepare("SELECT * FROM pragma_table_info('requests')").all();
    const indexesBefore = schemaOf(db, 'index');
    const triggersBefore = schemaOf(db, 'trigger');
    const autoIndexes = (
      db.prepare('SELECT count(*) AS n FROM pragma_index_list(?) WHERE origin = ?').get('requests', 'u') as {
        n: number;
      }
    ).n;
    expect(autoIndexes).toBe(1);

    migrate(db, { target: 11 });

    expect(db.prepare("SELECT * FROM pragma_table_info('requests')").all()).toEqual(columnsBefore);
    expect(db.prepare('SELECT row_id, id, local_state FROM requests ORDER BY row_id').all()).toEqual([
      { row_id: rowB, id: 'b', local_state: 'PENDING' },
      { row_id: rowC, id: 'c', local_state: 'SYNCED' },
    ]);
    expect(rowB).toBeGreaterThan(1);
    expect(schemaOf(db, 'trigger')).toEqual(triggersBefore);
    expect(schemaOf(db, 'index')).toEqual(
      [...indexesBefore, { name: 'requests_id', sql: 'CREATE UNIQUE INDEX requests_id ON requests (id)' }].sort(
        (x, y) => x.name.localeCompare(y.name),
      ),
    );
    // The constraint is the named index now (droppable), and it still refuses a second row per id.
    expect(db.prepare('SELECT count(*) AS n FROM pragma_index_list(?) WHERE origin = ?').get('requests', 'u')).toEqual({
      n: 0,
    });
    expect(() => insertRequest(db, 'b', 'Autre')).toThrow(/UNIQUE constraint failed: requests.id/);
    // The search triggers still follow renames of rows already indexed.
    db.prepare("UPDATE requests SET search_last = 'bernard' WHERE id = 'c'").run();
    expect(db.prepare("SELECT count(*) AS n FROM student_search WHERE student_search MATCH 'bernard'").get()).toEqual({
      n: 1,
    });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
