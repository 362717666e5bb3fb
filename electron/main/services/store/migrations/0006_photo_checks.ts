import type Database from 'better-sqlite3';
import { type Migration } from './migration';

/**
 * Photo check results (issue 5), one row per photo: keyed by the photo's SHA-256 (content
 * addressing: requests sharing a photo share its result) with the checks version that produced it.
 * A row of an older version is recomputed in the background and replaced; the report is kept as
 * JSON (validated with zod on read) beside the columns the queries filter on.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'photo_checks',
  up(db: Database.Database): void {
    db.exec(`
      CREATE TABLE photo_checks (
        sha256 TEXT PRIMARY KEY,
        checks_version INTEGER NOT NULL,
        overall TEXT NOT NULL CHECK (overall IN ('pass', 'warning', 'fail')),
        report_json TEXT NOT NULL,
        computed_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX photo_checks_flagged ON photo_checks (checks_version, overall);
      -- Requests by photo: the background queue and the flagged list join on it (without it each
      -- lookup scanned every request: a 60 ms stall per batch on 2,000 requests).
      CREATE INDEX requests_photo_sha256 ON requests (photo_sha256) WHERE photo_sha256 IS NOT NULL;
    `);
  },
};
