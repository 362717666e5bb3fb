import type Database from 'better-sqlite3';
import { type Migration } from './migration';

/**
 * Retention (issue 7): the purge reports (counts and record ids, never names), kept so the
 * administrator can see what was removed and when; the setting itself lives in `settings`.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'retention',
  up(db: Database.Database): void {
    db.exec(`
      CREATE TABLE purge_reports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ran_at TEXT NOT NULL,
        trigger TEXT NOT NULL CHECK (trigger IN ('sync', 'manual')),
        report TEXT NOT NULL
      );
      CREATE INDEX outbox_target_state ON outbox (target_id, state);
    `);
  },
};
