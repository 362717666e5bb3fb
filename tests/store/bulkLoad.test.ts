import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  beginBulkLoad,
  bulkLoadPending,
  finishBulkLoads,
  isSearchDeferred,
  tableIsEmpty,
} from '../../electron/main/services/store/bulkLoad';
import { openDatabase, type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { applyRequestTombstones, upsertRequests } from '../../electron/main/services/store/requestsRepo';
import { searchStudents } from '../../electron/main/services/store/searchStudents';
import { type ActiveRequest, type RequestTombstone } from '../../shared/region-api/schemas';
import { makeTempDir, TEST_STORE_KEY } from './tempDir';

function request(n: number, lastName: string, version = 1): ActiveRequest {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    fileNumber: `HDF-2026-${String(n).padStart(7, '0')}`,
    version,
    status: 'SUBMITTED',
    schoolYear: '2026-2027',
    channel: 'ONLINE',
    submittedAt: '2026-09-01T08:00:00Z',
    updatedAt: '2026-09-01T08:00:00Z',
    student: { lastName, firstName: 'Léa', birthDate: '2010-01-02', email: 'eleve@example.org' },
    address: { line1: '12 rue des Lilas', postalCode: '59000', city: 'Lille', country: 'FR' },
    establishmentUai: '0590001F',
    training: { type: 'LYCEE', classLabel: '2nde 3' },
    photo: null,
    prevalidation: null,
    isReturningStudent: false,
  } as ActiveRequest;
}

const indexSql = (db: AppDatabase): Array<{ name: string; sql: string }> =>
  db.sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
    .all() as Array<{ name: string; sql: string }>;

const noPause = () => Promise.resolve();

describe('bulk load of a first sync', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: AppDatabase;
  const open = () => openDatabase({ key: TEST_STORE_KEY, file: path.join(tmp.dir, 'hdf.sqlite') });
  beforeEach(() => {
    tmp = makeTempDir();
    db = open();
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('drops the secondary indexes and the requests’ id index, and rebuilds them exactly as they were', async () => {
    const before = indexSql(db);
    expect(tableIsEmpty(db, 'requests')).toBe(true);
    const dropped = db.sqlite.transaction(() => beginBulkLoad(db, 'requests'))();
    expect(dropped).toBeGreaterThanOrEqual(5);
    const during = indexSql(db).map((i) => i.name);
    expect(during).not.toContain('requests_file_number');
    expect(during).not.toContain('requests_queue_status');
    // Partial indexes no feed row enters stay live: empty during the load, no scan at its end.
    expect(during).toEqual(expect.arrayContaining(['requests_queue_local', 'requests_address_unknown']));
    expect(bulkLoadPending(db)).toBe(true);
    // The requests' natural key is deferred too (the upsert knows the ids it loaded); the cards' stays.
    const uniqueOf = (table: string) =>
      db.sqlite.prepare('SELECT count(*) AS n FROM pragma_index_list(?) WHERE "unique" = 1').get(table);
    expect(during).not.toContain('requests_id');
    // The names' order index waits for the search fill at the end (rebuilt after it, not before).
    expect(during).not.toContain('student_names_order');
    expect(
      db.sqlite.prepare("SELECT table_name FROM deferred_indexes WHERE name = 'student_names_order'").get(),
    ).toEqual({ table_name: 'student_names' });
    expect(uniqueOf('requests')).toEqual({ n: 0 });
    expect(uniqueOf('cards')).toEqual({ n: 1 });

    upsertRequests(db, [request(1, 'Dupont'), request(2, 'Durand')]);
    expect(tableIsEmpty(db, 'requests')).toBe(false);
    const result = await finishBulkLoads(db, noPause);
    expect(result.indexes).toBe(dropped);
    expect(indexSql(db)).toEqual(before);
    expect(bulkLoadPending(db)).toBe(false);
    expect(uniqueOf('requests')).toEqual({ n: 1 });
  });

  const versions = () =>
    db.sqlite.prepare('SELECT id, version FROM requests ORDER BY id').all() as Array<{ id: string; version: number }>;

  it('keeps one row per request while the id index is deferred: replays, newer versions, tombstones', async () => {
    db.sqlite.transaction(() => beginBulkLoad(db, 'requests'))();
    upsertRequests(db, [request(1, 'Dupont'), request(2, 'Durand'), request(3, 'Petit')]);
    // The feed is at-least-once: a page replayed, a newer version later in the same load.
    upsertRequests(db, [request(1, 'Dupont'), request(2, 'Durand', 3), request(3, 'Petit')]);
    upsertRequests(db, [request(2, 'Durand', 2)]); // older than stored: ignored
    expect(versions().map((r) => r.version)).toEqual([1, 3, 1]);
    // Withdrawn during the load: one loaded, one never seen.
    const withdrawn = (n: number): RequestTombstone => ({
      id: request(n, 'x').id,
      fileNumber: `HDF-2026-${String(n).padStart(7, '0')}`,
      version: 5,
      status: 'WITHDRAWN',
      updatedAt: '2026-09-02T08:00:00Z',
    });
    expect(applyRequestTombstones(db, [withdrawn(3), withdrawn(9)]).applied).toBe(2);
    upsertRequests(db, [request(3, 'Petit', 4)]); // stale snapshot of a withdrawn request
    expect(versions().map((r) => r.id)).toEqual([request(1, 'x').id, request(2, 'x').id]);

    await finishBulkLoads(db, noPause);
    expect(indexSql(db).map((i) => i.name)).toContain('requests_id');
    expect(() => db.sqlite.prepare('INSERT INTO requests SELECT * FROM requests LIMIT 1').run()).toThrow(/UNIQUE/);
    // After the load, the index answers again.
    upsertRequests(db, [request(1, 'Dupont', 2), request(4, 'Moreau')]);
    expect(versions().map((r) => r.version)).toEqual([2, 3, 1]);
  });

  it('knows the loaded ids again after a restart in the middle of the load', async () => {
    db.sqlite.transaction(() => beginBulkLoad(db, 'requests'))();
    upsertRequests(db, [request(1, 'Dupont'), request(2, 'Durand')]);
    db.close(); // the crash: the next run resumes the same load
    db = open();
    upsertRequests(db, [request(2, 'Durand'), request(1, 'Dupont', 2), request(3, 'Petit')]);
    expect(versions().map((r) => r.version)).toEqual([2, 1, 1]);
    await finishBulkLoads(db, noPause);
    expect(bulkLoadPending(db)).toBe(false);
    expect(indexSql(db).map((i) => i.name)).toContain('requests_id');
  });

  it('builds the unique id index even if another connection inserted a duplicate, keeping the newest', async () => {
    db.sqlite.transaction(() => beginBulkLoad(db, 'requests'))();
    upsertRequests(db, [request(1, 'Dupont'), request(2, 'Durand')]);
    const other = openDatabase({ key: TEST_STORE_KEY, file: db.file });
    try {
      // A second connection knows only the ids in the table when it first writes, not later ones.
      upsertRequests(other, [request(3, 'Petit')]);
      upsertRequests(db, [request(3, 'Petit', 4)]);
    } finally {
      other.close();
    }
    expect(versions()).toHaveLength(4);
    await finishBulkLoads(db, noPause);
    expect(versions().map((r) => r.version)).toEqual([1, 1, 4]);
    expect(indexSql(db).map((i) => i.name)).toContain('requests_id');
    expect(searchStudents(db, 'petit')).toHaveLength(1);
  });

  it('defers the search index during the load, then finds every row exactly once', async () => {
    db.sqlite.transaction(() => beginBulkLoad(db, 'requests'))();
    expect(isSearchDeferred(db, 'request')).toBe(true);
    expect(isSearchDeferred(db, 'card')).toBe(false);
    upsertRequests(db, [request(1, 'Dupont'), request(2, 'Durand'), request(3, 'Lefèvre')]);
    expect(searchStudents(db, 'dupont')).toHaveLength(0);
    // A newer version renames a row during the load: it is indexed once, under its final name.
    upsertRequests(db, [request(2, 'Bernard', 2)]);

    await finishBulkLoads(db, noPause);
    expect(searchStudents(db, 'dupont').map((h) => h.lastName)).toEqual(['Dupont']);
    expect(searchStudents(db, 'lefevre').map((h) => h.lastName)).toEqual(['Lefèvre']);
    expect(searchStudents(db, 'bernard')).toHaveLength(1);
    expect(searchStudents(db, 'durand')).toHaveLength(0);
    const fts = db.sqlite.prepare('SELECT count(*) AS n FROM student_search WHERE student_search MATCH ?');
    expect(fts.get('bernard')).toEqual({ n: 1 });

    // Later rows take the normal path again.
    expect(isSearchDeferred(db, 'request')).toBe(false);
    upsertRequests(db, [request(4, 'Moreau')]);
    expect(searchStudents(db, 'moreau')).toHaveLength(1);
  });

  it('indexes rows written between two chunks, whatever their number', async () => {
    db.sqlite.transaction(() => beginBulkLoad(db, 'requests'))();
    upsertRequests(
      db,
      Array.from({ length: 9_000 }, (_, i) => request(i + 1, `Nom${i}`)),
    );
    let pauses = 0;
    await finishBulkLoads(db, async () => {
      pauses += 1;
      // Rows arriving while the index is being filled (another page, a decision's refresh).
      if (pauses === 3) upsertRequests(db, [request(20_001, 'Tardif')]);
    });
    expect(pauses).toBeGreaterThan(3);
    expect(searchStudents(db, 'tardif')).toHaveLength(1);
    const names = db.sqlite.prepare('SELECT count(*) AS n FROM student_names').get() as { n: number };
    expect(names.n).toBe(9_001);
  });

  it('is finished after a crash: the state survives a reopen, and finishing twice is harmless', async () => {
    db.sqlite.transaction(() => beginBulkLoad(db, 'requests'))();
    upsertRequests(db, [request(1, 'Dupont')]);
    db.close(); // the crash
    db = open();
    expect(bulkLoadPending(db)).toBe(true);
    await finishBulkLoads(db, noPause);
    await finishBulkLoads(db, noPause);
    expect(searchStudents(db, 'dupont')).toHaveLength(1);
    expect(indexSql(db).map((i) => i.name)).toContain('requests_file_number');
  });
});
