import type Database from 'better-sqlite3';
import { type Migration } from './migration';

/**
 * The sync engine's outbox and resync bookkeeping.
 *
 * The outbox gains the DROPPED state (a decision staff gave up, kept for the audit trail) and the
 * columns that keep the Region's final answer beside the decision: the HTTP status, the problem
 * type, the field error codes, the server's current snapshot, and the request as the staff member
 * saw it (the cached row may be replaced or deleted by the feed afterwards). SQLite cannot alter a
 * CHECK constraint, so the table is rebuilt; every existing row is copied (a decision taken offline
 * must never be lost by an upgrade) and the indexes are recreated.
 *
 * `resync_seen` remembers which objects a full resync delivered, so rows the Region no longer
 * sends can be swept when it ends, even when the delivered version was not newer (and so not
 * rewritten). It is written in the page's transaction: a resync interrupted by a crash resumes
 * from its stored cursor with its seen set intact.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'sync_outbox',
  up(db: Database.Database): void {
    db.exec(`
      CREATE TABLE outbox_v3 (
        id TEXT PRIMARY KEY NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('PREVALIDATION', 'REVALIDATION')),
        target_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        if_match_version INTEGER,
        body TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'PENDING'
          CHECK (state IN ('PENDING', 'SENDING', 'ACKED', 'CONFLICT', 'ERROR', 'DROPPED')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error_code TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        decided_by_staff_id TEXT NOT NULL,
        uai TEXT,
        file_number TEXT,
        skew_known INTEGER NOT NULL DEFAULT 1 CHECK (skew_known IN (0, 1)),
        last_http_status INTEGER,
        error_codes TEXT,
        message_fr TEXT,
        seen_json TEXT,
        current_json TEXT,
        replaces_id TEXT,
        final_at TEXT
      ) STRICT;
      INSERT INTO outbox_v3 (id, kind, target_id, idempotency_key, if_match_version, body, state, attempts,
        next_attempt_at, last_error_code, created_at, updated_at, decided_by_staff_id)
        SELECT id, kind, target_id, idempotency_key, if_match_version, body, state, attempts,
          next_attempt_at, last_error_code, created_at, updated_at, decided_by_staff_id FROM outbox;
      DROP TABLE outbox;
      ALTER TABLE outbox_v3 RENAME TO outbox;
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
      CREATE INDEX outbox_target ON outbox (kind, target_id);

      CREATE TABLE resync_seen (
        feed TEXT NOT NULL CHECK (feed IN ('requests', 'cards')),
        uai TEXT NOT NULL,
        object_id TEXT NOT NULL,
        PRIMARY KEY (feed, uai, object_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
