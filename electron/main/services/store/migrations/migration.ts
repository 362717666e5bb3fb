import type Database from 'better-sqlite3';

/**
 * One forward-only schema step. `up` runs inside the transaction that also bumps
 * `PRAGMA user_version`, so a step is applied entirely or not at all.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}
