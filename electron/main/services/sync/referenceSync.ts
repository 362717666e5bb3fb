/**
 * Reference data the app needs offline (README §2): the reasons catalogue, revalidated with
 * If-None-Match (304 when unchanged) on the cadence of `/me` (first pull of a connection, then
 * daily, or sooner once the Region refused a decision's reason code), and the establishments
 * directory, all pages, weekly.
 */
import { EstablishmentPage, ReasonCatalog } from '../../../../shared/region-api/schemas';
import { z } from 'zod';
import { createLogger } from '../log/logger';
import { type RegionClient } from '../region/regionClient';
import { RegionProtocolError } from '../region/regionErrors';
import { toRegionError } from '../region/regionHttp';
import { withToken } from '../region/tokenProvider';
import { type AppDatabase } from '../store/openDatabase';
import { getReference, putReference } from '../store/referenceRepo';
import { statementCache } from '../store/statementCache';

const log = createLogger('sync.reference');

const DirectoryMarker = z.object({ count: z.number().int().min(0) });

export const REASONS_REFERENCE_KEY = 'reasons';
/** Marker of the last complete directory download (its value is the number of establishments). */
export const ESTABLISHMENTS_REFERENCE_KEY = 'establishments';
export const ESTABLISHMENTS_REFRESH_MS = 7 * 86_400_000;
/** Same cadence as `/me` (ME_REFRESH_MS in syncEngine.ts, not imported to avoid an import cycle). */
export const REASONS_REFRESH_MS = 24 * 3_600_000;

/**
 * When each Region connection last revalidated the catalogue (local clock). Keyed by the client:
 * an engine started or switched to another target gets a new one, so it revalidates on its first
 * pull, as it does with `/me`; a stopped engine's client is collected with its entry.
 */
const reasonsCheckedAt = new WeakMap<RegionClient, number>();

const statements = statementCache((sqlite) => ({
  // The outbox keeps the Region's field error codes as a JSON array; a refusal for an unknown or
  // retired reason means our copy of the catalogue is stale.
  reasonRefusedSince: sqlite.prepare<[string], { found: number }>(
    `SELECT 1 AS found FROM outbox
      WHERE updated_at > ? AND (error_codes LIKE '%"UNKNOWN_REASON_CODE"%' OR error_codes LIKE '%"REASON_RETIRED"%')
      LIMIT 1`,
  ),
  upsertEstablishment: sqlite.prepare<[string, string, string, string, string, string, string]>(
    `INSERT INTO establishments (uai, name, type, postal_code, city, academie, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (uai) DO UPDATE SET name = excluded.name, type = excluded.type, postal_code = excluded.postal_code,
       city = excluded.city, academie = excluded.academie, updated_at = excluded.updated_at`,
  ),
}));

type ConditionalAnswer<T> = { notModified: true } | { notModified: false; body: T; etag: string | null };

/** A GET that treats 304 as an answer (got's JSON helper would refuse its empty body). */
async function conditionalGet<S extends z.ZodType>(
  client: RegionClient,
  path: string,
  etag: string | null,
  schema: S,
): Promise<ConditionalAnswer<z.infer<S>>> {
  return withToken(client.tokens, async (token) => {
    let response;
    try {
      response = await client.http(path, {
        method: 'GET',
        headers: { authorization: `Bearer ${token}`, ...(etag ? { 'if-none-match': etag } : {}) },
      });
    } catch (error) {
      throw toRegionError(error);
    }
    if (response.statusCode === 304) return { notModified: true };
    let json: unknown;
    try {
      json = JSON.parse(String(response.body));
    } catch {
      throw new RegionProtocolError(path);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new RegionProtocolError(path);
    const header = response.headers.etag;
    return { notModified: false, body: parsed.data as z.infer<S>, etag: typeof header === 'string' ? header : null };
  });
}

/** @returns the number of HTTP calls made (0 when the catalogue is not due). */
export async function syncReasons(client: RegionClient, db: AppDatabase, nowIso: string): Promise<number> {
  const nowMs = Date.parse(nowIso);
  const stored = getReference(db, REASONS_REFERENCE_KEY, ReasonCatalog);
  const checkedAt = reasonsCheckedAt.get(client);
  const due =
    stored === null ||
    checkedAt === undefined ||
    !(nowMs - checkedAt < REASONS_REFRESH_MS && nowMs >= checkedAt) ||
    statements(db).reasonRefusedSince.get(stored.fetchedAt) !== undefined;
  if (!due) return 0;
  const answer = await conditionalGet(client, 'reference/reasons', stored?.etag ?? null, ReasonCatalog);
  reasonsCheckedAt.set(client, nowMs);
  if (answer.notModified) {
    if (stored) putReference(db, REASONS_REFERENCE_KEY, stored.value, stored.etag, nowIso);
    return 1;
  }
  putReference(db, REASONS_REFERENCE_KEY, answer.body, answer.etag, nowIso);
  log.info('reasons catalogue updated', { reasons: answer.body.items.length });
  return 1;
}

/** Weekly: every page of the directory, upserted; returns the number of calls (0 when fresh). */
export async function syncEstablishments(
  client: RegionClient,
  db: AppDatabase,
  nowMs: number,
  pageLimit: number,
): Promise<number> {
  const marker = getReference(db, ESTABLISHMENTS_REFERENCE_KEY, DirectoryMarker);
  if (marker && nowMs - Date.parse(marker.fetchedAt) < ESTABLISHMENTS_REFRESH_MS) return 0;
  const nowIso = new Date(nowMs).toISOString();
  let cursor: string | null = null;
  let calls = 0;
  let count = 0;
  const s = statements(db);
  for (;;) {
    const path: string = `reference/establishments?limit=${pageLimit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    calls += 1;
    const page: z.infer<typeof EstablishmentPage> = (await client.call({ path }, EstablishmentPage)).body;
    db.sqlite.transaction(() => {
      for (const e of page.items)
        s.upsertEstablishment.run(e.uai, e.name, e.type, e.postalCode, e.city, e.academie, nowIso);
    })();
    count += page.items.length;
    if (!page.hasMore || page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  putReference(db, ESTABLISHMENTS_REFERENCE_KEY, { count }, null, nowIso);
  log.info('establishments directory updated', { establishments: count, calls });
  return calls;
}
