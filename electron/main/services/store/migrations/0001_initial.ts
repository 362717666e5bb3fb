import type Database from 'better-sqlite3';
import { type Migration } from './migration';

/**
 * The foundation: the Region feeds' local copy (requests, tombstones, cards), photos' metadata,
 * the outbox of local decisions, sync cursors and quarantine, reference data, settings and the
 * tamper-evident audit log. Tables are STRICT so a wrong type is refused at write time instead of
 * silently stored. Enumerations are CHECKed here as a last line of defence; zod validates first.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db: Database.Database): void {
    db.exec(`
      -- Requests and cards are stored as columns only, not also as the Region's JSON: responses'
      -- unknown members are ignored by contract, and the JSON copy doubled the row size (seeding
      -- 50k + 50k rows went from ~3.7 s to ~2.3 s without it). prevalidation stays JSON: it is
      -- only ever read whole.
      -- requests and cards keep their natural key UNIQUE but have an explicit INTEGER PRIMARY KEY:
      -- the search index refers to rows by integer id, and VACUUM may renumber implicit rowids.
      CREATE TABLE requests (
        row_id INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        file_number TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        status TEXT NOT NULL,
        school_year TEXT NOT NULL,
        establishment_uai TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('ONLINE', 'ANTENNA')),
        submitted_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_name TEXT NOT NULL,
        first_name TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        email TEXT NOT NULL,
        ine TEXT,
        training_type TEXT NOT NULL,
        class_label TEXT,
        is_returning INTEGER NOT NULL CHECK (is_returning IN (0, 1)),
        card_number TEXT,
        photo_id TEXT,
        photo_sha256 TEXT,
        photo_content_type TEXT,
        photo_bytes INTEGER,
        photo_width INTEGER,
        photo_height INTEGER,
        photo_uploaded_at TEXT,
        address_line1 TEXT NOT NULL,
        address_line2 TEXT,
        address_apartment TEXT,
        address_mailbox_name TEXT,
        address_postal_code TEXT NOT NULL,
        address_city TEXT NOT NULL,
        address_country TEXT NOT NULL,
        prevalidation TEXT,
        local_state TEXT NOT NULL DEFAULT 'SYNCED'
          CHECK (local_state IN ('SYNCED', 'PENDING', 'SENDING', 'CONFLICT', 'ERROR')),
        received_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX requests_file_number ON requests (file_number);
      CREATE INDEX requests_card_number ON requests (card_number) WHERE card_number IS NOT NULL;
      CREATE INDEX requests_ine ON requests (ine) WHERE ine IS NOT NULL;
      CREATE INDEX requests_status ON requests (establishment_uai, status);

      CREATE TABLE request_tombstones (
        id TEXT PRIMARY KEY NOT NULL,
        file_number TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        status TEXT NOT NULL CHECK (status IN ('WITHDRAWN', 'TRANSFERRED')),
        transferred_to_uai TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE cards (
        row_id INTEGER PRIMARY KEY,
        card_number TEXT NOT NULL UNIQUE,
        file_number TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'EXPIRED', 'LOST', 'BLOCKED')),
        last_name TEXT NOT NULL,
        first_name TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        ine TEXT,
        establishment_uai TEXT,
        last_revalidated_school_year TEXT,
        wallet_active INTEGER NOT NULL CHECK (wallet_active IN (0, 1)),
        training_type TEXT,
        class_label TEXT,
        updated_at TEXT NOT NULL,
        received_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX cards_file_number ON cards (file_number);
      CREATE INDEX cards_ine ON cards (ine) WHERE ine IS NOT NULL;

      -- Photos are files in the app's private folder named by their sha256, not blobs: content
      -- addressing deduplicates and lets a read verify integrity; keeping ~200 KB images out of the
      -- database keeps it small (50k requests would make it ~10 GB), so WAL checkpoints, backups and
      -- VACUUM stay fast; and each file can be encrypted and purged on its own (retention, GDPR).
      CREATE TABLE photos (
        sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
        content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
        bytes INTEGER NOT NULL CHECK (bytes > 0),
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        file_name TEXT NOT NULL,
        fetched_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE outbox (
        id TEXT PRIMARY KEY NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('PREVALIDATION', 'REVALIDATION')),
        target_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        if_match_version INTEGER,
        body TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'PENDING'
          CHECK (state IN ('PENDING', 'SENDING', 'ACKED', 'CONFLICT', 'ERROR')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error_code TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        decided_by_staff_id TEXT NOT NULL
      ) STRICT;
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
      CREATE INDEX outbox_target ON outbox (kind, target_id);

      CREATE TABLE sync_cursors (
        feed TEXT NOT NULL CHECK (feed IN ('requests', 'cards', 'establishments')),
        uai TEXT NOT NULL,
        cursor TEXT,
        full_resync_started_at TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (feed, uai)
      ) STRICT;

      CREATE TABLE quarantine (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        feed TEXT NOT NULL,
        uai TEXT NOT NULL,
        raw TEXT NOT NULL,
        error TEXT NOT NULL,
        received_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE reference_data (
        key TEXT PRIMARY KEY NOT NULL,
        etag TEXT,
        json TEXT NOT NULL,
        fetched_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE establishments (
        uai TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        postal_code TEXT NOT NULL,
        city TEXT NOT NULL,
        academie TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
      ) STRICT;

      -- Hash-chained (hash = H(prev_hash || entry)) so that editing or deleting a past entry is
      -- detectable, as CNIL asks of access logs.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        record_id TEXT,
        details TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
    `);
  },
};
