import type Database from 'better-sqlite3';
import { type Migration } from './migration';

/**
 * Staff accounts and the audit log (issue 7). Accounts hold an argon2id hash, never a password;
 * failed sign-ins are counted per typed login (known or not, so the delay does not reveal which
 * logins exist) and survive a restart. The audit log of 0001 is kept as it is (its chain columns
 * already fit) and becomes append-only at the SQL level: an UPDATE or DELETE through the app's own
 * connection is refused; a change made around it is what the hash chain reveals.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'staff_security',
  up(db: Database.Database): void {
    db.exec(`
      CREATE TABLE staff (
        id TEXT PRIMARY KEY NOT NULL,
        login TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('administrator', 'secretariat', 'antenna')),
        password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_sign_in_at TEXT
      ) STRICT;

      CREATE TABLE sign_in_failures (
        login TEXT PRIMARY KEY NOT NULL,
        failures INTEGER NOT NULL CHECK (failures >= 0),
        last_failed_at TEXT NOT NULL,
        locked_until TEXT
      ) STRICT;

      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE INDEX audit_log_actor ON audit_log (actor, seq);
      CREATE INDEX audit_log_action ON audit_log (action, seq);
      CREATE INDEX audit_log_record ON audit_log (record_id, seq) WHERE record_id IS NOT NULL;

      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `);
  },
};
