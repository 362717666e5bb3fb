import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../../electron/main/services/store/migrations';
import { migrate } from '../../../electron/main/services/store/migrate';
import { openDatabase, openStoreConnection } from '../../../electron/main/services/store/openDatabase';
import { searchStudents } from '../../../electron/main/services/store/searchStudents';
import { TEST_STORE_KEY, makeTempDir } from '../tempDir';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.remove());

/** A request row as schema 1 stored it (no search keys yet). */
function insertV1Request(db: Database.Database, id: string, last: string, first: string): void {
  db.prepare(
    `INSERT INTO requests (id, file_number, version, status, school_year, establishment_uai, channel, submitted_at,
       updated_at, last_name, first_name, birth_date, email, training_type, is_returning, address_line1,
       address_postal_code, address_city, address_country, received_at)
     VALUES (?, ?, 1, 'SUBMITTED', '2026-2027', '0590001F', 'ONLINE', '2026-09-01T08:00:00Z', '2026-09-01T08:00:00Z',
       ?, ?, '2010-01-02', 'x@example.org', 'LYCEE', 0, '1 rue A', '59000', 'Lille', 'FR', '2026-09-01T08:00:00Z')`,
  ).run(id, `HDF-2026-000000${id.slice(-1)}`, last, first);
}

describe('migration 0002_student_search', () => {
  it('creates the search index on an empty database', () => {
    const db = new Database(':memory:');
    migrate(db, { target: 2 });
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    const names = db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'student_%'").all();
    expect(names).toEqual(
      expect.arrayContaining([{ name: 'student_search' }, { name: 'student_names' }, { name: 'student_names_order' }]),
    );
    db.close();
  });

  it('keeps schema-1 data and makes it searchable (backfilled keys and index)', () => {
    const file = path.join(tmp.dir, 'v1.sqlite');
    const raw = openStoreConnection(file, TEST_STORE_KEY);
    migrate(raw, { target: 1 });
    insertV1Request(raw, '00000000-0000-4000-8000-000000000001', "N'Diaye", 'Aïcha');
    insertV1Request(raw, '00000000-0000-4000-8000-000000000002', 'Lefèvre', 'Jean-Baptiste');
    raw
      .prepare(
        `INSERT INTO cards (card_number, file_number, version, status, last_name, first_name, birth_date,
         wallet_active, updated_at, received_at)
       VALUES ('4000000000000017', 'HDF-2025-0000009', 1, 'ACTIVE', 'Œuvray', 'Léa', '2009-05-06', 1, 'now', 'now')`,
      )
      .run();
    raw.close();

    const db = openDatabase({ key: TEST_STORE_KEY, file });
    expect(db.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM requests').get()).toEqual({ n: 2 });
    expect(searchStudents(db, 'ndiaye')).toEqual([]); // « N'Diaye » is two words
    expect(searchStudents(db, "n'diaye").map((h) => h.firstName)).toEqual(['Aïcha']);
    expect(searchStudents(db, 'bapt').map((h) => h.lastName)).toEqual(['Lefèvre']);
    expect(searchStudents(db, 'oeuv').map((h) => [h.kind, h.id])).toEqual([['card', '4000000000000017']]);
    db.close();
  });
});
