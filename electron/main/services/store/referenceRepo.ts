/**
 * Region reference documents (`/me`, the reasons catalogue…) kept with their ETag so the sync can
 * revalidate them with If-None-Match and the app works offline with the last copy.
 */
import { eq } from 'drizzle-orm';
import { type z } from 'zod';
import { type AppDatabase } from './openDatabase';
import { referenceData } from './schema';

export interface StoredReference<T> {
  value: T;
  etag: string | null;
  fetchedAt: string;
}

export function putReference(
  db: AppDatabase,
  key: string,
  json: unknown,
  etag: string | null,
  fetchedAt: string = new Date().toISOString(),
): void {
  const text = JSON.stringify(json);
  if (text === undefined) throw new TypeError(`[store] reference ${key}: value is not serialisable`);
  db.orm
    .insert(referenceData)
    .values({ key, etag, json: text, fetchedAt })
    .onConflictDoUpdate({ target: referenceData.key, set: { etag, json: text, fetchedAt } })
    .run();
}

/** The last copy, or null when absent or when it no longer matches `schema` (it is then refetched). */
export function getReference<T>(db: AppDatabase, key: string, schema: z.ZodType<T>): StoredReference<T> | null {
  const row = db.orm.select().from(referenceData).where(eq(referenceData.key, key)).get();
  if (!row) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(row.json);
  } catch {
    console.warn(`[store] reference ${key} is not valid JSON; ignored`);
    return null;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    console.warn(`[store] reference ${key} does not match its schema; ignored`);
    return null;
  }
  return { value: parsed.data, etag: row.etag, fetchedAt: row.fetchedAt };
}
