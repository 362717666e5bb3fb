/**
 * The SQL in migrations/ is the database's truth and schema.ts only types queries: this test fails
 * when they drift apart (a column added to one and not the other).
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import { type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { migrate } from '../../electron/main/services/store/migrate';
import * as schema from '../../electron/main/services/store/schema';

const tables: SQLiteTable[] = Object.values(schema as Record<string, unknown>).filter(
  (value): value is SQLiteTable => typeof value === 'object' && value !== null && 'getSQL' in value,
);

describe('drizzle schema mirrors the migrations', () => {
  const db = new Database(':memory:');
  migrate(db);

  it('covers every table the migrations create (virtual and index tables aside)', () => {
    const created = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'student_%'",
        )
        .all() as Array<{ name: string }>
    ).map((r) => r.name);
    expect(tables.map((t) => getTableName(t)).sort()).toEqual(created.sort());
  });

  it.each(tables.map((t) => [getTableName(t), t] as const))('%s has the same columns', (name, table) => {
    const info = db.prepare(`SELECT name, "notnull" AS not_null, pk FROM pragma_table_info(?)`).all(name) as Array<{
      name: string;
      not_null: number;
      pk: number;
    }>;
    const sqlColumns = Object.fromEntries(info.map((c) => [c.name, c.not_null === 1 || c.pk > 0]));
    const ormColumns = Object.fromEntries(
      Object.values(getTableColumns(table)).map((c) => [c.name, c.notNull || c.primary]),
    );
    expect(ormColumns).toEqual(sqlColumns);
  });
});
