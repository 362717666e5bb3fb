/**
 * A first sync into an empty store loads in bulk (store/bulkLoad.ts): these tests check, against the
 * real simulator, that it ends in exactly the state a row-by-row sync would give — same indexes, every
 * row searchable once, nothing recorded for a sweep it does not need — including when it stops midway.
 */
import { describe, expect, it } from 'vitest';
import { bulkLoadPending, finishBulkLoads } from '../../electron/main/services/store/bulkLoad';
import { type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { searchStudents } from '../../electron/main/services/store/searchStudents';
import { getCursorState } from '../../electron/main/services/store/syncCursorsRepo';
import { pullFeed } from '../../electron/main/services/sync/feedPuller';
import { simSuite } from './syncHarness';

const suite = simSuite({ requests: 300, seed: 5 });

const indexes = (db: AppDatabase): string[] =>
  (
    db.sqlite
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
      .all() as Array<{ sql: string }>
  ).map((r) => r.sql);

const count = (db: AppDatabase, sql: string): number => (db.sqlite.prepare(sql).get() as { n: number }).n;

describe('first sync into an empty store', () => {
  it('ends with the schema indexes, every request and card searchable once, no sweep bookkeeping', async () => {
    const ws = suite.open();
    const reference = suite.open(); // never synced: the indexes as the migrations made them
    await ws.engine.pullOnce();

    expect(count(ws.db, 'SELECT count(*) AS n FROM requests')).toBeGreaterThan(250);
    expect(bulkLoadPending(ws.db)).toBe(false);
    expect(indexes(ws.db)).toEqual(indexes(reference.db));
    expect(count(ws.db, 'SELECT count(*) AS n FROM resync_seen')).toBe(0);
    // One search entry per request and card, no more.
    expect(count(ws.db, 'SELECT count(*) AS n FROM student_names')).toBe(
      count(ws.db, 'SELECT (SELECT count(*) FROM requests) + (SELECT count(*) FROM cards) AS n'),
    );
    const someone = ws.db.sqlite.prepare('SELECT id, last_name FROM requests ORDER BY id LIMIT 1').get() as {
      id: string;
      last_name: string;
    };
    expect(searchStudents(ws.db, someone.last_name, 200).map((h) => h.id)).toContain(someone.id);
    const state = getCursorState(ws.db, 'requests', suite.sim.clients.establishment.uais[0] ?? '');
    expect(state?.fullResyncStartedAt).toBeNull();
    expect(state?.resyncFromEmpty).toBe(false);
  });

  it('stopped midway: indexes rebuilt at once, and the resumed resync sweeps nothing it delivered', async () => {
    const ws = suite.open();
    const uai = suite.sim.clients.establishment.uais[0] ?? '';
    let pages = 0;
    const first = await pullFeed({
      db: ws.db,
      client: ws.client,
      feed: 'requests',
      uai,
      pageLimit: 40,
      now: Date.now,
      stopping: () => pages >= 2,
      onPage: (n) => (pages = n),
    });
    expect(first.interrupted).toBe(true);
    expect(getCursorState(ws.db, 'requests', uai)?.resyncFromEmpty).toBe(true);
    expect(bulkLoadPending(ws.db)).toBe(true);
    await finishBulkLoads(ws.db, () => Promise.resolve());
    const loaded = count(ws.db, 'SELECT count(*) AS n FROM requests');
    expect(loaded).toBe(80);

    // Resumed in the normal path (the table is no longer empty), still without a sweep to prepare.
    const rest = await pullFeed({ db: ws.db, client: ws.client, feed: 'requests', uai, pageLimit: 40, now: Date.now });
    expect(rest.interrupted).toBe(false);
    expect(bulkLoadPending(ws.db)).toBe(false);
    expect(count(ws.db, 'SELECT count(*) AS n FROM resync_seen')).toBe(0);
    expect(count(ws.db, 'SELECT count(*) AS n FROM requests')).toBe(loaded + rest.applied);
    expect(count(ws.db, 'SELECT count(*) AS n FROM student_names')).toBe(
      count(ws.db, 'SELECT count(*) AS n FROM requests'),
    );
  });

  it('a later full resync of a non-empty store still sweeps what the Region no longer sends', async () => {
    const ws = suite.open();
    await ws.engine.pullOnce();
    const uai = suite.sim.clients.establishment.uais[0] ?? '';
    // A row the Region never sent (e.g. left over from an earlier establishment setup).
    ws.db.sqlite
      .prepare(
        `INSERT INTO requests (id, file_number, version, status, school_year, establishment_uai, channel, submitted_at,
           updated_at, last_name, first_name, birth_date, email, training_type, is_returning, address_line1,
           address_postal_code, address_city, address_country, received_at, search_last, search_first)
         SELECT '00000000-0000-4000-8000-00000000beef', file_number, version, status, school_year, establishment_uai,
           channel, submitted_at, updated_at, last_name, first_name, birth_date, email, training_type, is_returning,
           address_line1, address_postal_code, address_city, address_country, received_at, search_last, search_first
         FROM requests LIMIT 1`,
      )
      .run();
    ws.db.sqlite
      .prepare("UPDATE sync_cursors SET cursor = NULL, full_resync_started_at = NULL WHERE feed = 'requests'")
      .run();
    await ws.engine.pullOnce();
    expect(getCursorState(ws.db, 'requests', uai)?.fullResyncStartedAt).toBeNull();
    expect(count(ws.db, "SELECT count(*) AS n FROM requests WHERE id = '00000000-0000-4000-8000-00000000beef'")).toBe(
      0,
    );
  });
});
