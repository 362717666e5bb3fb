import type Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations';

export interface MigrationReport {
  from: number;
  to: number;
  applied: string[];
}

export function readSchemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuses a registry with gaps, duplicates or disorder: each step assumes the previous one ran. */
function checkRegistry(migrations: readonly Migration[]): void {
  migrations.forEach((m, index) => {
    if (m.version !== index + 1) {
      throw new Error(`[store] migration registry out of order at index ${index} (version ${m.version})`);
    }
  });
}

/**
 * Applies the pending migrations up to `target` (default: the newest), each in its own transaction
 * together with its `user_version` bump, so an interrupted upgrade resumes at the failed step.
 */
export function migrate(
  db: Database.Database,
  options: { target?: number; migrations?: readonly Migration[] } = {},
): MigrationReport {
  const migrations = options.migrations ?? MIGRATIONS;
  checkRegistry(migrations);
  const target = options.target ?? migrations.length;
  const from = readSchemaVersion(db);
  if (from > migrations.length) {
    throw new Error(`[store] schema ${from} is newer than the newest known migration ${migrations.length}`);
  }
  const applied: string[] = [];
  for (const m of migrations) {
    if (m.version <= from || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      // user_version lives in the database header, which is written as part of this transaction.
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    applied.push(`${String(m.version).padStart(4, '0')}_${m.name}`);
  }
  return { from, to: readSchemaVersion(db), applied };
}
