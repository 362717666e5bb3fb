import type Database from 'better-sqlite3';
import { type Migration } from './migration';

/**
 * The request's natural key (`id`, a random UUID) moves from an inline `UNIQUE` constraint to a
 * named unique index, `requests_id`, so a first sync's bulk load (store/bulkLoad.ts) can drop it and
 * build it once at the end like the other indexes (an inline constraint's index cannot be dropped).
 *
 * Why: a feed page is committed with its cursor, one transaction per page, and when the ids of a
 * page land on random leaves of that index each commit rewrites ~80 index pages into the WAL, each
 * one encrypted and authenticated again: 20,000 requests in pages of 100 took 0.70 s with ids in
 * random order against 0.37 s in id order. The feed's order is the Region's to choose (the simulator
 * happens to page its first snapshot by id, which hides the cost), so the load must not depend on it.
 *
 * SQLite cannot drop a column constraint, so the table is rebuilt: same columns in the same order,
 * same row_id values (the student search refers to rows by row_id), then its indexes and triggers
 * are recreated from their recorded SQL. DROP TABLE fires no trigger, so the search index is kept.
 * Indexes a bulk load has deferred are not in the schema now and are rebuilt by the load's end.
 */
export const migration0011: Migration = {
  version: 11,
  name: 'requests_id_index',
  up(db: Database.Database): void {
    const table = db
      .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'requests'")
      .get();
    if (table === undefined) throw new Error('[store] migration 0011: no requests table');
    const inline = /\bid TEXT NOT NULL UNIQUE,/;
    if (!inline.test(table.sql)) throw new Error('[store] migration 0011: unexpected requests definition');
    const rebuilt = table.sql
      .replace(/^CREATE TABLE requests \(/, 'CREATE TABLE requests_rebuilt (')
      .replace(inline, 'id TEXT NOT NULL,');
    const dependents = db
      .prepare<[], { sql: string }>(
        `SELECT sql FROM sqlite_master WHERE tbl_name = 'requests' AND type IN ('index', 'trigger')
           AND sql IS NOT NULL ORDER BY type, name`,
      )
      .all();
    db.exec(rebuilt);
    db.exec('INSERT INTO requests_rebuilt SELECT * FROM requests');
    db.exec('DROP TABLE requests');
    db.exec('ALTER TABLE requests_rebuilt RENAME TO requests');
    for (const { sql } of dependents) db.exec(sql);
    db.exec('CREATE UNIQUE INDEX requests_id ON requests (id)');
  },
};
