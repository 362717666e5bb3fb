/**
 * The requests and cards feeds are pulled side by side (syncEngine.ts, `pullFeeds`), against the
 * real simulator: both feeds' calls overlap, never more than the README's 4 connections at once, and
 * a feed the Region keeps failing does not stop the other from landing in full.
 */
import { describe, expect, it } from 'vitest';
import { type RegionClient } from '../../electron/main/services/region/regionClient';
import { RegionApiError } from '../../electron/main/services/region/regionErrors';
import { getCursorState } from '../../electron/main/services/store/syncCursorsRepo';
import { simSuite, type Workstation } from './syncHarness';

const suite = simSuite({ requests: 300, seed: 11 });

type FeedKind = 'requests' | 'cards';

/** The client the engine uses, noting which feed calls are in flight at each moment. */
function watched(client: RegionClient): {
  client: RegionClient;
  maxInFlight: () => number;
  overlapped: () => boolean;
} {
  const inFlight: FeedKind[] = [];
  let max = 0;
  let overlapped = false;
  const feedOf = (path: string): FeedKind | null =>
    path.includes('/requests/changes') ? 'requests' : path.includes('/cards/changes') ? 'cards' : null;
  const proxy: RegionClient = {
    baseUrl: client.baseUrl,
    clientId: client.clientId,
    http: client.http,
    tokens: client.tokens,
    async call(request, schema) {
      const feed = feedOf(request.path);
      if (feed === null) return client.call(request, schema);
      inFlight.push(feed);
      max = Math.max(max, inFlight.length);
      if (inFlight.includes('requests') && inFlight.includes('cards')) overlapped = true;
      try {
        return await client.call(request, schema);
      } finally {
        inFlight.splice(inFlight.indexOf(feed), 1);
      }
    },
  };
  return { client: proxy, maxInFlight: () => max, overlapped: () => overlapped };
}

function count(ws: Workstation, table: 'requests' | 'cards'): number {
  return (ws.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe('feeds pulled side by side', () => {
  it('overlaps the two feeds within the 4-connection limit, and stores every item of both', async () => {
    // Small pages and some latency: each feed takes several calls, long enough to meet the other.
    suite.sim.faults.configure({ seed: 3, latencyMs: { min: 5, max: 15 } });
    const ws = suite.open({ pageLimit: 20 });
    const watch = watched(ws.client);
    await ws.reopen({ target: () => watch.client });

    const report = await ws.engine.pullOnce();

    expect(report.requests.pages).toBeGreaterThan(5);
    expect(report.cards.pages).toBeGreaterThan(2);
    expect(watch.overlapped()).toBe(true);
    expect(watch.maxInFlight()).toBeLessThanOrEqual(4);
    expect(count(ws, 'requests')).toBe(report.requests.applied);
    expect(count(ws, 'cards')).toBe(report.cards.applied);
    expect(report.requests.applied).toBeGreaterThan(0);
    expect(report.cards.applied).toBeGreaterThan(0);
  });

  it('a requests feed the Region keeps failing does not stop the cards feed; the failure is reported', async () => {
    const ws = suite.open({ pageLimit: 20 });
    suite.sim.faults.configure({ seed: 4, errorRate: { requestFeed: 1 } });

    const failed = await ws.engine.pullOnce().then(
      () => null,
      (error: unknown) => error,
    );

    expect(failed).toBeInstanceOf(RegionApiError);
    expect([500, 503]).toContain((failed as RegionApiError).status);
    expect(count(ws, 'requests')).toBe(0);
    expect(count(ws, 'cards')).toBeGreaterThan(0);
    const uai = suite.sim.clients.establishment.uais[0] ?? '';
    // The cards feed ran to its end: its full resync is closed.
    expect(getCursorState(ws.db, 'cards', uai)?.fullResyncStartedAt).toBeNull();

    suite.sim.faults.reset();
    const report = await ws.engine.pullOnce();
    expect(count(ws, 'requests')).toBe(report.requests.applied);
    expect(report.requests.applied).toBeGreaterThan(0);
  });
});
