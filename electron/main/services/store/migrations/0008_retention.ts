import type Database from 'better-sqlite3';
import { type Migration } from './migration';

/** Retention of personal data (issue 7) — being written; registered now so the registry stays contiguous. */
export const migration0008: Migration = {
  version: 8,
  name: 'retention',
  up(db: Database.Database): void {
    void db;
  },
};
