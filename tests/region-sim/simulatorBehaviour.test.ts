import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActiveRequest, RequestSnapshot, type RequestTombstone } from '../../shared/region-api/schemas';
import { startSimulator, type RunningSimulator } from '../../region-sim/index';
import { OpenApiResponseValidator } from './openapiResponseValidator';
import { decisionBody, decisionHeaders, problemType, SimHttpClient } from './simHttpClient';

// Behaviour answers (in-use, replays, tombstones…) are checked against the contract too.
const validator = new OpenApiResponseValidator(join(import.meta.dirname, '../../shared/region-api/openapi.yaml'));

let dir: string;
let sim: RunningSimulator;
let http: SimHttpClient;
let etab: string;
let lycee: string;
let lp: string;
let clockMs = Date.parse('2026-09-03T08:00:00Z');

interface Page<T> {
  items: T[];
  nextCursor: string;
  hasMore: boolean;
}

async function page<T>(uai: string, cursor: string | null, limit = 500, feed = 'requests'): Promise<Page<T>> {
  const q = `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  const res = await http.call('GET', `/establishments/${uai}/${feed}/changes${q}`, { token: etab });
  expect(res.status).toBe(200);
  return res.body as Page<T>;
}

/** Full resync to the end; answers the items and the cursor to poll with. */
async function resync(uai: string): Promise<{ items: ActiveRequest[]; cursor: string }> {
  const items: ActiveRequest[] = [];
  let cursor: string | null = null;
  for (;;) {
    const p: Page<ActiveRequest> = await page<ActiveRequest>(uai, cursor, 50);
    items.push(...p.items);
    cursor = p.nextCursor;
    if (!p.hasMore) return { items, cursor };
  }
}

function freshIds(count: number, uai = lycee): string[] {
  return sim.admin.addRequests(count, uai);
}

async function getRequest(id: string): Promise<ActiveRequest> {
  const res = await http.call('GET', `/requests/${id}`, { token: etab });
  expect(res.status).toBe(200);
  return res.body as ActiveRequest;
}

function decide(
  id: string,
  version: number,
  key = randomUUID(),
  body = decisionBody({ decidedAt: new Date(clockMs).toISOString() }),
) {
  return http.call('POST', `/requests/${id}/prevalidation`, {
    token: etab,
    headers: decisionHeaders(version, key),
    json: body,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'region-sim-test-'));
  sim = await startSimulator({
    requests: 200,
    seed: 3,
    dataFile: join(dir, 'sim.sqlite'),
    now: () => new Date(clockMs),
    tokenTtlSeconds: 600,
  });
  http = new SimHttpClient(sim, validator);
  etab = await http.token('establishment');
  [lycee = '', lp = ''] = sim.clients.establishment.uais;
});

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('decisions are applied exactly once', () => {
  it('replays the same key and body without deciding twice', async () => {
    const [id = ''] = freshIds(1);
    const r = await getRequest(id);
    const key = randomUUID();
    const body = decisionBody({ decidedAt: new Date(clockMs).toISOString() });
    const first = await decide(id, r.version, key, body);
    const second = await decide(id, r.version, key, body);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(sim.admin.countDecisions(id)).toBe(1);

    const reused = await decide(id, r.version, key, { ...body, comment: 'autre décision' });
    expect(reused.status).toBe(422);
    expect(problemType(reused)).toBe('idempotency-key-reused');
    expect(sim.admin.countDecisions(id)).toBe(1);
  });

  it('shares one key space between the single and the batch endpoints, both ways', async () => {
    const [a = '', b = ''] = freshIds(2);
    const ra = await getRequest(a);
    const rb = await getRequest(b);
    const keyA = randomUUID();
    const keyB = randomUUID();
    const body = decisionBody({ decidedAt: new Date(clockMs).toISOString() });
    expect((await decide(a, ra.version, keyA, body)).status).toBe(200);

    const batch = await http.call('POST', `/establishments/${lycee}/prevalidations:batch`, {
      token: etab,
      json: {
        items: [
          { requestId: a, idempotencyKey: keyA, ifMatchVersion: ra.version, ...body },
          { requestId: b, idempotencyKey: keyB, ifMatchVersion: rb.version, ...body },
        ],
      },
    });
    expect(batch.status).toBe(207);
    const results = (batch.body as { results: Array<{ status: number; replayed: boolean }> }).results;
    expect(results.map((r) => [r.status, r.replayed])).toEqual([
      [200, true],
      [200, false],
    ]);
    const single = await decide(b, rb.version, keyB, body);
    expect(single.status).toBe(200);
    expect(single.headers.get('idempotent-replayed')).toBe('true');
    expect(sim.admin.countDecisions(a)).toBe(1);
    expect(sim.admin.countDecisions(b)).toBe(1);
  });

  it('answers 409 idempotency-key-in-use while the first call with the key runs', async () => {
    const [id = ''] = freshIds(1);
    const r = await getRequest(id);
    const key = randomUUID();
    const body = decisionBody({ decidedAt: new Date(clockMs).toISOString() });
    sim.faults.configure({ latencyMs: { min: 300, max: 300 } });
    const [one, two] = await Promise.all([
      decide(id, r.version, key, body),
      new Promise((resolve) => setTimeout(resolve, 80)).then(() => decide(id, r.version, key, body)),
    ]);
    sim.faults.reset();
    expect(one.status).toBe(200);
    expect(two.status).toBe(409);
    expect(problemType(two)).toBe('idempotency-key-in-use');
    expect(two.headers.get('retry-after')).toBe('1');
    expect(sim.admin.countDecisions(id)).toBe(1);
    // In-use is not stored: the same key now replays the success.
    expect((await decide(id, r.version, key, body)).headers.get('idempotent-replayed')).toBe('true');
  });

  it('applies then drops the answer with dropAfterCommit; the retry replays the stored answer', async () => {
    const [id = ''] = freshIds(1);
    const r = await getRequest(id);
    const key = randomUUID();
    const body = decisionBody({ decidedAt: new Date(clockMs).toISOString() });
    sim.faults.configure({ dropAfterCommitRate: { prevalidate: 1 } });
    await expect(decide(id, r.version, key, body)).rejects.toThrow();
    sim.faults.reset();
    expect((sim.admin.getRequest(id) as { request: ActiveRequest }).request.status).toBe('PREVALIDATED');
    expect(sim.admin.countDecisions(id)).toBe(1);
    const retry = await decide(id, r.version, key, body);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(sim.admin.countDecisions(id)).toBe(1);
  });
});

describe('state checks', () => {
  it('answers version-conflict after the student changed the request, with the current snapshot', async () => {
    const [id = ''] = freshIds(1);
    const seen = await getRequest(id);
    sim.admin.changeRequest(id, 'photo');
    const res = await decide(id, seen.version);
    expect(res.status).toBe(409);
    expect(problemType(res)).toBe('version-conflict');
    const current = (res.body as { current: ActiveRequest }).current;
    expect(current.version).toBeGreaterThan(seen.version);
    expect(current.photo?.id).not.toBe(seen.photo?.id);
    sim.admin.changeRequest(id, 'address');
    expect((await getRequest(id)).version).toBeGreaterThan(current.version);
  });

  it('answers already-decided after another workstation decided, whatever the version', async () => {
    const [id = ''] = freshIds(1);
    const seen = await getRequest(id);
    sim.admin.decideElsewhere(id, 'REJECTED');
    const res = await decide(id, seen.version);
    expect(res.status).toBe(409);
    expect(problemType(res)).toBe('already-decided');
    expect((res.body as { current: ActiveRequest }).current.status).toBe('REJECTED');
    expect(sim.admin.countDecisions(id)).toBe(1);
  });
});

describe('delta feeds', () => {
  it('delivers tombstones without personal data after withdraw, transfer and redirection', async () => {
    const [withdrawn = '', transferred = '', redirected = ''] = freshIds(3);
    const { cursor } = await resync(lycee);
    const lpStart = await resync(lp);
    sim.admin.withdrawRequest(withdrawn);
    sim.admin.transferRequest(transferred, lp);
    const r = await getRequest(redirected);
    const res = await decide(
      redirected,
      r.version,
      randomUUID(),
      decisionBody({
        decision: 'REDIRECTED',
        reasonCodes: ['WRONG_TRAINING_TYPE'],
        targetUai: lp,
        decidedAt: new Date(clockMs).toISOString(),
      }),
    );
    expect((res.body as { request: ActiveRequest }).request.status).toBe('REDIRECTED');

    const changes = await page<ActiveRequest | RequestTombstone>(lycee, cursor);
    const byId = (id: string) => changes.items.filter((i) => i.id === id);
    const w = byId(withdrawn).at(-1) as RequestTombstone;
    expect(w.status).toBe('WITHDRAWN');
    expect(Object.keys(w).sort()).toEqual(['fileNumber', 'id', 'status', 'updatedAt', 'version']);
    const t = byId(transferred).at(-1) as RequestTombstone;
    expect(t).toMatchObject({ status: 'TRANSFERRED', transferredToUai: lp });
    expect('student' in t).toBe(false);
    expect(byId(redirected).map((i) => i.status)).toEqual(['REDIRECTED', 'TRANSFERRED']);
    for (const item of changes.items) expect(RequestSnapshot.safeParse(item).success).toBe(true);

    const arrived = await page<ActiveRequest>(lp, lpStart.cursor);
    expect(arrived.items.map((i) => i.id)).toEqual(expect.arrayContaining([transferred, redirected]));
    expect(arrived.items.every((i) => i.status === 'SUBMITTED' && i.establishmentUai === lp)).toBe(true);

    // The lycée's client sees a tombstone for the withdrawn request; the timeline of the transferred one is gone.
    expect((await getRequest(withdrawn)).status).toBe('WITHDRAWN');
    const after = await resync(lycee);
    expect(after.items.some((i) => i.id === withdrawn || i.id === transferred)).toBe(false);
  });

  it('resumes from a stored cursor, delivers changes made during a resync, and expires cursors', async () => {
    const first = await page<ActiveRequest>(lycee, null, 20);
    expect(first.hasMore).toBe(true);
    const [late = ''] = freshIds(1);
    const rest: ActiveRequest[] = [...first.items];
    let cursor = first.nextCursor;
    const resumeFrom = cursor;
    for (;;) {
      const p = await page<ActiveRequest>(lycee, cursor, 100);
      rest.push(...p.items);
      cursor = p.nextCursor;
      if (!p.hasMore) break;
    }
    // Resuming twice from the same cursor gives the same items (the cursor is a position, not a session).
    const again = await page<ActiveRequest>(lycee, resumeFrom, 20);
    const replayed = await page<ActiveRequest>(lycee, resumeFrom, 20);
    expect(again.items.map((i) => i.id)).toEqual(replayed.items.map((i) => i.id));
    // A resync pages by id: each request once, except one changed meanwhile, which may come again.
    const others = rest.filter((i) => i.id !== late);
    expect(new Set(others.map((i) => i.id)).size).toBe(others.length);
    // The request added during the resync comes in the resync or, at the latest, in the next poll.
    const polled = await page<ActiveRequest>(lycee, cursor);
    expect(rest.some((i) => i.id === late) || polled.items.some((i) => i.id === late)).toBe(true);

    sim.faults.expireCursors();
    const res = await http.call(
      'GET',
      `/establishments/${lycee}/requests/changes?cursor=${encodeURIComponent(cursor)}`,
      {
        token: etab,
      },
    );
    expect(res.status).toBe(410);
    expect(problemType(res)).toBe('cursor-expired');
  });

  it('moves a card off the roster when it is revalidated elsewhere', async () => {
    const roster = await page<{ cardNumber: string; establishmentUai: string; status: string }>(
      lycee,
      null,
      500,
      'cards',
    );
    const card = roster.items.find((c) => c.status === 'ACTIVE');
    if (!card) throw new Error('no active card on the roster');
    sim.admin.revalidateElsewhere(card.cardNumber, '0620099W');
    const changes = await page<{ cardNumber: string; establishmentUai: string }>(
      lycee,
      roster.nextCursor,
      500,
      'cards',
    );
    expect(changes.items.find((c) => c.cardNumber === card.cardNumber)?.establishmentUai).toBe('0620099W');
  });

  it('injects repeated, out-of-order and invalid items on request', async () => {
    const { cursor } = await resync(lycee);
    const [id = ''] = freshIds(1);
    sim.admin.changeRequest(id, 'address');
    sim.admin.changeRequest(id, 'photo');
    sim.faults.configure({ seed: 4, repeatItemsRate: 1, outOfOrderRate: 1 });
    const p = await page<ActiveRequest>(lycee, cursor);
    sim.faults.reset();
    const versions = p.items.filter((i) => i.id === id).map((i) => i.version);
    expect(versions.length).toBeGreaterThan(3);
    expect(versions.some((v, i) => i > 0 && v < (versions[i - 1] ?? 0))).toBe(true);

    sim.faults.injectInvalidItem('requests', lycee);
    const before = http.contractErrors.length;
    const bad = await page<unknown>(lycee, p.nextCursor);
    expect(bad.items.some((i) => !RequestSnapshot.safeParse(i).success)).toBe(true);
    // The contract check sees the injected item too; it is the one expected breach.
    expect(http.contractErrors.length).toBeGreaterThan(before);
    http.contractErrors.splice(before);
    const clean = await page<unknown>(lycee, p.nextCursor);
    expect(clean.items.every((i) => RequestSnapshot.safeParse(i).success)).toBe(true);
  });
});

describe('tokens, clock and faults', () => {
  it('answers 401 after expireTokens and after the TTL on the server clock', async () => {
    expect((await http.call('GET', '/me', { token: etab })).status).toBe(200);
    sim.faults.expireTokens();
    const expired = await http.call('GET', '/me', { token: etab });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');
    etab = await http.token('establishment');
    clockMs += 601_000;
    expect((await http.call('GET', '/me', { token: etab })).status).toBe(401);
    etab = await http.token('establishment');
    expect((await http.call('GET', '/me', { token: etab })).status).toBe(200);
  });

  it('limits each client to 1 200 calls a minute, announced in RateLimit-* headers', async () => {
    clockMs += 61_000; // a fresh window
    etab = await http.token('establishment');
    const first = await http.call('GET', '/me', { token: etab });
    expect(first.headers.get('ratelimit-limit')).toBe('1200');
    expect(first.headers.get('ratelimit-remaining')).toBe('1199');
    for (let i = 1; i < 1200; i++) {
      const res = await fetch(`${sim.baseUrl}/me`, { headers: { authorization: `Bearer ${etab}` } });
      await res.arrayBuffer();
      expect(res.status).toBe(200);
    }
    const limited = await http.call('GET', '/me', { token: etab });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    clockMs += 61_000;
    etab = await http.token('establishment');
    expect((await http.call('GET', '/me', { token: etab })).status).toBe(200);
  });

  it('refuses revalidations before revalidationOpensOn on the server clock', async () => {
    const roster = await page<{ cardNumber: string; status: string; lastRevalidatedSchoolYear: string }>(
      lycee,
      null,
      500,
      'cards',
    );
    const card = roster.items.find((c) => c.status === 'ACTIVE' && c.lastRevalidatedSchoolYear === '2025-2026');
    if (!card) throw new Error('no card due for revalidation');
    sim.faults.setClockSkewMs(-90 * 86_400_000); // early June 2026
    const res = await http.call('POST', `/cards/${card.cardNumber}/revalidations`, {
      token: etab,
      headers: { 'idempotency-key': randomUUID() },
      json: {
        schoolYear: '2026-2027',
        uai: lycee,
        training: { type: 'LYCEE' },
        decidedBy: { staffId: 'secr-01', displayName: 'Nadia Haddad' },
        decidedAt: new Date(clockMs - 90 * 86_400_000).toISOString(),
      },
    });
    sim.faults.setClockSkewMs(0);
    expect(res.status).toBe(422);
    expect(problemType(res)).toBe('revalidation-not-open');
    expect((res.body as { revalidationOpensOn: string }).revalidationOpensOn).toBe('2026-06-15');
  });

  it('shifts serverTime with the clock skew', async () => {
    sim.faults.setClockSkewMs(3 * 60_000);
    const me = (await http.call('GET', '/me', { token: etab })).body as { serverTime: string };
    sim.faults.setClockSkewMs(0);
    expect(Date.parse(me.serverTime) - clockMs).toBeGreaterThanOrEqual(3 * 60_000 - 1000);
  });

  it('replays the same fault sequence for the same seed', async () => {
    const run = async (seed: number): Promise<number[]> => {
      sim.faults.configure({ seed, errorRate: { me: 0.4 }, rateLimitRate: { me: 0.2 } });
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) statuses.push((await http.call('GET', '/me', { token: etab })).status);
      sim.faults.reset();
      return statuses;
    };
    const a = await run(11);
    const b = await run(11);
    const c = await run(12);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a).size).toBeGreaterThan(1);
  });

  it('refuses connections while offline and resets sockets on demand', async () => {
    sim.faults.offline(true);
    await expect(http.call('GET', '/me', { token: etab })).rejects.toThrow();
    sim.faults.offline(false);
    sim.faults.configure({ resetRate: { me: 1 } });
    await expect(http.call('GET', '/me', { token: etab })).rejects.toThrow();
    sim.faults.reset();
    expect((await http.call('GET', '/me', { token: etab })).status).toBe(200);
    expect(sim.admin.callCount('me')).toBeGreaterThan(10);
  });

  it('exposes the admin and fault operations over HTTP behind the admin token', async () => {
    const root = sim.baseUrl.replace('/generation/v1', '');
    const denied = await fetch(`${root}/__sim/faults/expireTokens`, { method: 'POST' });
    expect(denied.status).toBe(401);
    const auth = { authorization: `Bearer ${sim.adminToken}`, 'content-type': 'application/json' };
    const added = await fetch(`${root}/__sim/admin/addRequests`, {
      method: 'POST',
      headers: auth,
      body: '{"args":[2]}',
    });
    const ids = ((await added.json()) as { result: string[] }).result;
    expect(ids).toHaveLength(2);
    expect((await getRequest(ids[0] ?? '')).status).toBe('SUBMITTED');
    await fetch(`${root}/__sim/faults/expireTokens`, { method: 'POST', headers: auth });
    expect((await http.call('GET', '/me', { token: etab })).status).toBe(401);
    etab = await http.token('establishment');
  });
});

describe('state in SQLite', () => {
  it('keeps decisions in its file and reopens them on restart', async () => {
    const [id = ''] = freshIds(1);
    const r = await getRequest(id);
    expect(
      (await decide(id, r.version, randomUUID(), decisionBody({ decidedAt: new Date(clockMs).toISOString() }))).status,
    ).toBe(200);
    const file = sim.dataFile;
    const clients = sim.clients;
    await sim.close();

    const db = new Database(file, { readonly: true });
    const row = db.prepare('SELECT status FROM requests WHERE id = ?').get(id) as { status: string };
    db.close();
    expect(row.status).toBe('PREVALIDATED');

    sim = await startSimulator({ dataFile: file, now: () => new Date(clockMs) });
    http = new SimHttpClient(sim, validator);
    expect(sim.clients).toEqual(clients);
    etab = await http.token('establishment');
    expect((await getRequest(id)).status).toBe('PREVALIDATED');
  });
});

describe('contract', () => {
  it('answered only what openapi.yaml declares throughout these scenarios', () => {
    expect(http.contractErrors).toEqual([]);
  });
});
