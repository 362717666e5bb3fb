import type Database from 'better-sqlite3';
import { type Migration } from './migration';

/**
 * Every read of a record's outbox entries (its local state, its decisions, its revalidations) asks
 * for them newest first. With `outbox_target (kind, target_id)` alone, SQLite preferred the newer
 * `outbox_kind_created (kind, created_at)` for its ORDER BY and scanned every entry of that kind for
 * each record: recording 5,000 decisions went from ~1 s to 13 s and pushing them from 4 s to 28 s.
 * The target index now carries the order, so one seek answers each read.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'outbox_target_order',
  up(db: Database.Database): void {
    db.exec(`
      DROP INDEX outbox_target;
      CREATE INDEX outbox_target ON outbox (kind, target_id, created_at, id);
    `);
  },
};
