import type Database from 'better-sqlite3';
import { type Migration } from './migration';

/**
 * Returning students' revalidation (issue 6).
 *
 * Revalidations themselves are outbox rows (kind REVALIDATION, target = card number): same key,
 * retry and conflict rules as decisions, so nothing new is needed for them but an index for the
 * daily record (rows of one kind created today).
 *
 * `card_lookups` keeps every look-up of a card not in the roster: done online at once, or recorded
 * offline with the revalidation staff wanted, to be asked at the next sync. The birth date (the
 * Region's second factor) is personal data needed only for that call: it is cleared once resolved.
 *
 * The desk's look-up goes by card number (UNIQUE, indexed since 0001), file number and INE (indexed
 * since 0001); the roster adds its class filter and name order, and the « revalidated this year »
 * filter on the last school year.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'revalidation',
  up(db: Database.Database): void {
    db.exec(`
      CREATE TABLE card_lookups (
        id TEXT PRIMARY KEY NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('CARD_NUMBER', 'FILE_NUMBER')),
        value TEXT NOT NULL,
        birth_date TEXT,
        training_json TEXT,
        staff_id TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'FOUND', 'NOT_FOUND', 'REFUSED')),
        card_number TEXT,
        revalidation_id TEXT,
        message_fr TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        resolved_at TEXT
      ) STRICT;
      CREATE INDEX card_lookups_created ON card_lookups (created_at);
      CREATE INDEX card_lookups_pending ON card_lookups (created_at) WHERE state = 'PENDING';
      CREATE INDEX cards_roster_class ON cards (class_label, search_last, search_first);
      CREATE INDEX cards_roster_name ON cards (search_last, search_first);
      CREATE INDEX cards_roster_year ON cards (last_revalidated_school_year);
      CREATE INDEX outbox_kind_created ON outbox (kind, created_at);
    `);
  },
};
