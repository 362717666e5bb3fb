/** Small app settings stored as JSON, read back through a zod schema so a stale shape cannot leak in. */
import { eq } from 'drizzle-orm';
import { type z } from 'zod';
import { type AppDatabase } from './openDatabase';
import { settings } from './schema';

/** The stored value, or null when absent or no longer matching `schema` (the caller falls back to its default). */
export function getSetting<T>(db: AppDatabase, key: string, schema: z.ZodType<T>): T | null {
  const row = db.orm.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  if (!row) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(row.value);
  } catch {
    console.warn(`[store] setting ${key} is not valid JSON; ignored`);
    return null;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    console.warn(`[store] setting ${key} does not match its schema; ignored`);
    return null;
  }
  return parsed.data;
}

export function setSetting(db: AppDatabase, key: string, value: unknown): void {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`[store] setting ${key}: value is not serialisable`);
  db.orm
    .insert(settings)
    .values({ key, value: json })
    .onConflictDoUpdate({ target: settings.key, set: { value: json } })
    .run();
}

export function deleteSetting(db: AppDatabase, key: string): void {
  db.orm.delete(settings).where(eq(settings.key, key)).run();
}
