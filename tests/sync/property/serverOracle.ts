/**
 * What the Region really holds, read without the sync engine: a plain full resync of the requests
 * feed over HTTP (faults must be off) and the simulator's admin view. The invariants compare the
 * engine's store against this, so a bug shared by the engine's feed code cannot hide itself.
 */
import { z } from 'zod';
import {
  Prevalidation,
  ReasonCatalog,
  RequestChangesPage,
  RequestSnapshot,
  type RequestStatus,
  TokenResponse,
} from '../../../shared/region-api/schemas';

export interface OracleClient {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  uais: readonly string[];
}

export interface ServerRequest {
  id: string;
  version: number;
  status: RequestStatus;
}

/** The part of the simulator's admin row the checks read (the row itself is simulator-internal). */
const AdminRequestRow = z.object({
  status: z.string(),
  request: z.object({ version: z.number().int(), prevalidation: Prevalidation.nullable() }),
});
export type AdminRequestRow = z.infer<typeof AdminRequestRow>;

/** The two admin operations the invariants need; the in-process simulator's `admin` fits. */
export interface AdminView {
  countDecisions(requestId: string): number;
  getRequest(requestId: string): unknown;
}

export function adminRequest(admin: AdminView, requestId: string): AdminRequestRow | null {
  const raw = admin.getRequest(requestId);
  return raw === undefined || raw === null ? null : AdminRequestRow.parse(raw);
}

async function fetchToken(client: OracleClient): Promise<string> {
  const res = await fetch(`${client.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    }).toString(),
  });
  if (res.status !== 200) throw new Error(`[sync.oracle] token refused: ${res.status}`);
  return TokenResponse.parse(await res.json()).access_token;
}

async function getJson(url: string, token: string): Promise<unknown> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`[sync.oracle] GET ${new URL(url).pathname} answered ${res.status}`);
  return res.json();
}

/**
 * Every active request attached to the client's UAIs, by a cursor-less (full) resync of each
 * UAI's feed. A request redirected between two of the client's UAIs is active in one feed and a
 * TRANSFERRED tombstone (same version) in the other: the active copy wins at equal versions, a
 * strictly newer tombstone (withdrawn since) removes it.
 */
export async function fetchServerRequests(client: OracleClient): Promise<Map<string, ServerRequest>> {
  const token = await fetchToken(client);
  const newest = new Map<string, ServerRequest & { tombstone: boolean }>();
  for (const uai of client.uais) {
    let cursor: string | null = null;
    for (let pages = 0; ; pages++) {
      if (pages > 1000) throw new Error(`[sync.oracle] feed of ${uai} never ends`);
      const query: string = `?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = RequestChangesPage.parse(
        await getJson(`${client.baseUrl}/establishments/${uai}/requests/changes${query}`, token),
      );
      for (const raw of page.items) {
        const item = RequestSnapshot.parse(raw);
        const tombstone = item.status === 'WITHDRAWN' || item.status === 'TRANSFERRED';
        const known = newest.get(item.id);
        if (!known || known.version < item.version || (known.version === item.version && known.tombstone)) {
          newest.set(item.id, { id: item.id, version: item.version, status: item.status, tombstone });
        }
      }
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
  }
  const found = new Map<string, ServerRequest>();
  for (const { tombstone, ...request } of newest.values()) if (!tombstone) found.set(request.id, request);
  return found;
}

export interface ReasonCodes {
  prevalidation: string[];
  photo: string[];
}

/** Active reason codes from GET /reference/reasons, never hard-coded (the catalog may change). */
export async function fetchReasonCodes(client: OracleClient): Promise<ReasonCodes> {
  const token = await fetchToken(client);
  const catalog = ReasonCatalog.parse(await getJson(`${client.baseUrl}/reference/reasons`, token));
  const active = catalog.items.filter((r) => r.active);
  const codes = {
    prevalidation: active.filter((r) => r.appliesTo === 'PREVALIDATION').map((r) => r.code),
    photo: active.filter((r) => r.appliesTo === 'PHOTO').map((r) => r.code),
  };
  if (codes.prevalidation.length === 0 || codes.photo.length === 0) {
    throw new Error('[sync.oracle] reason catalog lacks PREVALIDATION or PHOTO codes');
  }
  return codes;
}
