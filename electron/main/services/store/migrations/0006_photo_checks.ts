import type Database from 'better-sqlite3';
import { type Migration } from './migration';

/** Photo checks results (issue 5) — being written; the step is registered now so the registry stays contiguous. */
export const migration0006: Migration = {
  version: 6,
  name: 'photo_checks',
  up(db: Database.Database): void {
    void db;
  },
};
