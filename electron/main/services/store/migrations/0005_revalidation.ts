import type Database from 'better-sqlite3';
import { type Migration } from './migration';

/** Returning students' revalidation (issue 6) — being written; the step is registered now so the registry stays contiguous. */
export const migration0005: Migration = {
  version: 5,
  name: 'revalidation',
  up(db: Database.Database): void {
    void db;
  },
};
