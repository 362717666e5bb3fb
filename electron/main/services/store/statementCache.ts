import type Database from 'better-sqlite3';
import { type AppDatabase } from './openDatabase';

/**
 * Prepares a module's statements once per connection and reuses them: preparing costs more than
 * running a hot query. Keyed weakly so a closed database's statements go with it.
 */
export function statementCache<T>(build: (sqlite: Database.Database) => T): (db: AppDatabase) => T {
  const cache = new WeakMap<Database.Database, T>();
  return (db) => {
    let statements = cache.get(db.sqlite);
    if (statements === undefined) {
      statements = build(db.sqlite);
      cache.set(db.sqlite, statements);
    }
    return statements;
  };
}
