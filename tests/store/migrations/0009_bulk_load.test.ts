import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/services/store/migrate';

function insertRequest(db: Database.Database, id: string, last: string): number {
  return Number(
    db
      .prepare(
        `INSERT INTO requests (id, file_number, version, status, school_year, establishment_uai, channel, submitted_at,
       updated_at, last_name, first_name, birth_date, email, training_type, is_returning, address_line1,
       address_postal_code, address_city, address_country, received_at, search_last, search_first)
     VALUES (?, 'HDF-2026-0000001', 1, 'SUBMITTED', '2026-2027', '0590001F', 'ONLINE', '2026-09-01T08:00:00Z',
       '2026-09-01T08:00:00Z', ?, 'Léa', '2010-01-02', 'x@example.org', 'LYCEE', 0, '12 rue des Lilas', '59000',
       'Lille', 'FR', '2026-09-01T08:00:00Z', lower(?), 'lea')`,
      )
      .run(id, last, last).lastInsertRowid,
  );
}

const ftsHits = (db: Database.Database, term: string): number =>
  (db.prepare('SELECT count(*) AS n FROM student_search WHERE student_search MATCH ?').get(term) as { n: number }).n;

describe('migration 0009_bulk_load', () => {
  it('adds the bulk-load tables and the resync_from_empty flag, keeping existing cursors at 0', () => {
    const db = new Database(':memory:');
    migrate(db, { target: 8 });
    db.prepare(
      "INSERT INTO sync_cursors (feed, uai, cursor, full_resync_started_at, updated_at) VALUES ('requests', '0590001F', 'c1', NULL, 'now')",
    ).run();
    migrate(db, { target: 9 });
    const row = db.prepare('SELECT cursor, resync_from_empty FROM sync_cursors').get() as {
      cursor: string;
      resync_from_empty: number;
    };
    expect(row).toEqual({ cursor: 'c1', resync_from_empty: 0 });
    db.prepare(
      "INSERT INTO deferred_indexes (name, table_name, sql) VALUES ('i', 'requests', 'CREATE INDEX i ON requests (id)')",
    ).run();
    db.prepare("INSERT INTO deferred_search (kind) VALUES ('card')").run();
    expect(() => db.prepare("INSERT INTO deferred_search (kind) VALUES ('other')").run()).toThrow(/CHECK/);
    db.close();
  });

  it('keeps renames in the search index for indexed rows, and leaves rows not yet indexed alone', () => {
    const db = new Database(':memory:');
    migrate(db, { target: 9 });
    const indexed = insertRequest(db, 'a', 'Martin');
    db.prepare('INSERT INTO student_names (doc, search_last, search_first) VALUES (?, ?, ?)').run(
      indexed * 2,
      'martin',
      'lea',
    );
    db.prepare("INSERT INTO student_search (rowid, names) VALUES (?, 'martin lea')").run(indexed * 2);
    const deferred = insertRequest(db, 'b', 'Durand');

    db.prepare("UPDATE requests SET search_last = 'bernard' WHERE id = 'a'").run();
    expect(ftsHits(db, 'bernard')).toBe(1);
    expect(ftsHits(db, 'martin')).toBe(0);

    // A row renamed during a bulk load gets no search entry from the trigger: it is indexed once, later.
    db.prepare("UPDATE requests SET search_last = 'petit' WHERE id = 'b'").run();
    expect(ftsHits(db, 'petit')).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM student_names WHERE doc = ?').get(deferred * 2)).toEqual({ n: 0 });
    db.close();
  });
});
