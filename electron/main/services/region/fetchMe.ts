/**
 * GET /me: who this install is for the Region (UAIs or antenna, school-year dates) and the server
 * time. The answer is cached as the `me` reference so `app:info` still answers offline; the clock
 * skew is measured against the middle of the round trip.
 */
import { Me, type Me as MeT } from '../../../../shared/region-api/schemas';
import { putReference } from '../store/referenceRepo';
import { type AppDatabase } from '../store/openDatabase';
import { type RegionClient } from './regionClient';

export const ME_REFERENCE_KEY = 'me';

export interface MeResult {
  me: MeT;
  /** Server time minus local time, in milliseconds. */
  clockSkewMs: number;
  receivedAt: string;
}

export async function fetchMe(client: RegionClient, db: AppDatabase, now: () => number = Date.now): Promise<MeResult> {
  const sentAt = now();
  const response = await client.call({ path: 'me' }, Me);
  const receivedAtMs = now();
  const localMidpoint = sentAt + (receivedAtMs - sentAt) / 2;
  const clockSkewMs = Math.round(Date.parse(response.body.serverTime) - localMidpoint);
  const etag = typeof response.headers.etag === 'string' ? response.headers.etag : null;
  putReference(db, ME_REFERENCE_KEY, response.body, etag);
  return { me: response.body, clockSkewMs, receivedAt: new Date(receivedAtMs).toISOString() };
}
