import type Database from 'better-sqlite3';
import { type Migration } from './migration';

/**
 * First sync into an empty table ("bulk load", store/bulkLoad.ts): measured on a 20k-request pull,
 * maintaining the secondary indexes row by row cost ≈ 2.2 s of ≈ 3 s of store time, while building
 * the same indexes once at the end costs ≈ 0.2 s, and the search index filled by one INSERT … SELECT
 * per chunk costs a fraction of the per-row inserts.
 *
 * - `deferred_indexes` keeps the exact SQL of each index dropped for the load, so it is rebuilt as
 *   it was (including indexes later migrations add) even after a crash in the middle.
 * - `deferred_search` marks a kind of row (request, card) whose new rows are not yet in the student
 *   search index; they are indexed in bulk when the load ends.
 * - `sync_cursors.resync_from_empty`: a full resync that started with no local row for that UAI has
 *   nothing to sweep at its end, so it does not record every delivered id in `resync_seen`.
 *
 * The search-update triggers of 0002 now only touch rows already in the index: a row renamed during
 * a bulk load is indexed once, with its final names, when the load ends (FTS5 would otherwise keep
 * two entries for one rowid — it accepts a duplicate insert silently).
 */
export const migration0009: Migration = {
  version: 9,
  name: 'bulk_load',
  up(db: Database.Database): void {
    db.exec(`
      CREATE TABLE deferred_indexes (
        name TEXT PRIMARY KEY,
        table_name TEXT NOT NULL,
        sql TEXT NOT NULL
      ) STRICT;
      CREATE TABLE deferred_search (
        kind TEXT PRIMARY KEY CHECK (kind IN ('request', 'card'))
      ) STRICT;
      ALTER TABLE sync_cursors ADD COLUMN resync_from_empty INTEGER NOT NULL DEFAULT 0
        CHECK (resync_from_empty IN (0, 1));
    `);
    for (const [table, parity] of [
      ['requests', 0],
      ['cards', 1],
    ] as const) {
      const doc = `row_id * 2 + ${parity}`;
      db.exec(`
        DROP TRIGGER ${table}_search_update;
        CREATE TRIGGER ${table}_search_update AFTER UPDATE OF search_last, search_first ON ${table}
          WHEN (old.search_last IS NOT new.search_last OR old.search_first IS NOT new.search_first)
            AND EXISTS (SELECT 1 FROM student_names WHERE doc = old.${doc}) BEGIN
          UPDATE student_names SET search_last = new.search_last, search_first = new.search_first
            WHERE doc = old.${doc};
          DELETE FROM student_search WHERE rowid = old.${doc};
          INSERT INTO student_search (rowid, names) VALUES (new.${doc}, new.search_last || ' ' || new.search_first);
        END;
      `);
    }
  },
};
