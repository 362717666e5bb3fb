import type Database from 'better-sqlite3';
import { type Migration } from './migration';

/** Staff accounts, audit chain and retention (issue 7) — being written; the step is registered now so the registry stays contiguous. */
export const migration0007: Migration = {
  version: 7,
  name: 'staff_security',
  up(db: Database.Database): void {
    void db;
  },
};
