import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/services/store/migrate';
import { LATEST_SCHEMA_VERSION } from '../../../electron/main/services/store/migrations';

function insertRequest(db: Database.Database, id: string, line1: string, line2: string | null): void {
  db.prepare(
    `INSERT INTO requests (id, file_number, version, status, school_year, establishment_uai, channel, submitted_at,
       updated_at, last_name, first_name, birth_date, email, training_type, is_returning, address_line1, address_line2,
       address_postal_code, address_city, address_country, received_at)
     VALUES (?, 'HDF-2026-0000001', 1, 'SUBMITTED', '2026-2027', '0590001F', 'ONLINE', '2026-09-01T08:00:00Z',
       '2026-09-01T08:00:00Z', 'Dupont', 'Léa', '2010-01-02', 'x@example.org', 'LYCEE', 0, ?, ?, '59000', 'Lille', 'FR',
       '2026-09-01T08:00:00Z')`,
  ).run(id, line1, line2);
}

const flags = (db: Database.Database, id: string) =>
  (db.prepare('SELECT address_flags AS f FROM requests WHERE id = ?').get(id) as { f: number | null }).f;

describe('migration 0004_workspace_queue', () => {
  it('backfills the address warnings of schema-3 rows and adds the queue indexes', () => {
    const db = new Database(':memory:');
    migrate(db, { target: 3 });
    insertRequest(db, 'a', '12 rue des Lilas', null);
    insertRequest(db, 'b', 'rue des Écoles', 'Résidence du Parc');
    migrate(db, { target: 4 });
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    expect(flags(db, 'a')).toBe(0);
    expect(flags(db, 'b')).toBe(1 | 4);
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]).map(
      (r) => r.name,
    );
    expect(indexes).toEqual(expect.arrayContaining(['requests_queue_status', 'requests_queue_submitted']));
    db.close();
  });

  it('leaves the flags to the writers: no trigger clears them on every feed update', () => {
    const db = new Database(':memory:');
    migrate(db);
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(4);
    insertRequest(db, 'a', '12 rue des Lilas', null);
    // A raw insert (as before this migration) has no flags yet: the queue computes them on read.
    expect(flags(db, 'a')).toBeNull();
    db.prepare("UPDATE requests SET address_flags = 0, address_line2 = 'Bât C' WHERE id = 'a'").run();
    expect(flags(db, 'a')).toBe(0);
    const triggers = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'requests'")
      .all();
    expect(triggers).not.toContainEqual({ name: 'requests_address_changed' });
    db.close();
  });
});
