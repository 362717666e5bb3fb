/**
 * The engine against the REAL simulator over HTTP, one fault at a time. Each test ends with the
 * faults off and checks that every local decision is on the server exactly once
 * (`admin.countDecisions`) or visible as CONFLICT/ERROR, that the number of calls is bounded (no retry
 * loop) and that no retry was scheduled beyond the backoff cap. Time is the engine's injected local
 * clock: `pushUntilQuiet` moves it past each backoff instead of waiting.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeUai } from '../../shared/domain/uai';
import { BACKOFF_CAP_MS } from '../../electron/main/services/sync/backoff';
import {
  approve,
  cached,
  pushUntilQuiet,
  reject,
  simSuite,
  states,
  submittedWithPhoto,
  type openWorkstation,
  type Workstation,
} from './syncHarness';
import { photoPath } from '../../electron/main/services/photos/photoStore';

const suite = simSuite({ requests: 60, seed: 11 });

/** A fresh workstation, pulled, with `count` new SUBMITTED requests (with photos) decided offline. */
async function decidedOffline(count: number, options: Parameters<typeof openWorkstation>[1] = {}) {
  const uai = suite.sim.clients.establishment.uais[0] ?? '';
  const ids = suite.sim.admin.addRequests(count, uai);
  const ws = suite.open(options);
  await ws.engine.pullOnce();
  const targets = ids.map((id) => cached(ws.db, id)).filter((r) => r !== undefined);
  expect(targets).toHaveLength(count);
  const views = targets.map((t) => ws.engine.recordDecision(approve(t)));
  return { ws, ids, views };
}

function expectExactlyOnce(ids: readonly string[]): void {
  for (const id of ids) expect(suite.sim.admin.countDecisions(id), id).toBe(1);
}

function expectNoLongBackoff(ws: Workstation): void {
  const localNow = Date.now() + ws.clock.offsetMs;
  for (const d of ws.engine.listDecisions()) {
    if (d.nextAttemptAt) expect(Date.parse(d.nextAttemptAt) - localNow).toBeLessThanOrEqual(BACKOFF_CAP_MS + 5_000);
  }
}

describe('sync engine under faults (real simulator)', () => {
  it('20 % of 5xx answers: every decision reaches the Region exactly once, retried with the same key', async () => {
    const { ws, ids } = await decidedOffline(30, { batchSize: 2 });
    const before = suite.sim.admin.callCount('batch');
    suite.sim.faults.configure({ seed: 1, errorRate: { batch: 0.2, prevalidate: 0.2 } });
    const first = await ws.engine.pushOnce();
    expectNoLongBackoff(ws);
    const rounds = await pushUntilQuiet(ws);
    expect(first.retryLater > 0 || rounds > 1).toBe(true); // the faults really hit
    suite.sim.faults.reset();
    expect(states(ws.engine)).toEqual({ ACKED: 30 });
    expectExactlyOnce(ids);
    expect(rounds).toBeLessThan(15);
    expect(suite.sim.admin.callCount('batch') - before).toBeLessThan(40);
  });

  it('connection resets: outcome unknown, replayed with the same key, applied once', async () => {
    const { ws, ids } = await decidedOffline(20, { batchSize: 4 });
    suite.sim.faults.configure({ seed: 9, resetRate: { batch: 0.4 } });
    const first = await ws.engine.pushOnce();
    expect(first.retryLater).toBeGreaterThan(0);
    await pushUntilQuiet(ws);
    suite.sim.faults.reset();
    expect(states(ws.engine)).toEqual({ ACKED: 20 });
    expectExactlyOnce(ids);
  });

  it('latency: slow answers still complete in one batch call', async () => {
    const { ws, ids } = await decidedOffline(10);
    const before = suite.sim.admin.callCount('batch');
    suite.sim.faults.configure({ seed: 2, latencyMs: { min: 50, max: 150 } });
    const report = await ws.engine.pushOnce();
    expect(report).toMatchObject({ sent: 10, acked: 10, retryLater: 0, httpCalls: 1 });
    expect(suite.sim.admin.callCount('batch') - before).toBe(1);
    expectExactlyOnce(ids);
  });

  it('429 with Retry-After: nothing is retried before the server said so, then it goes through', async () => {
    const { ws, ids } = await decidedOffline(5);
    suite.sim.faults.configure({ seed: 3, rateLimitRate: { batch: 1 } });
    const sentAt = Date.now() + ws.clock.offsetMs;
    const report = await ws.engine.pushOnce();
    expect(report).toMatchObject({ acked: 0, retryLater: 5 });
    for (const d of ws.engine.listDecisions()) {
      expect(d.state).toBe('PENDING');
      expect(Date.parse(d.nextAttemptAt ?? '')).toBeGreaterThanOrEqual(sentAt + 1_000); // Retry-After: 1
    }
    // Not due yet: a push now sends nothing.
    const calls = suite.sim.admin.callCount('batch');
    expect((await ws.engine.pushOnce()).sent).toBe(0);
    expect(suite.sim.admin.callCount('batch')).toBe(calls);
    suite.sim.faults.reset();
    await pushUntilQuiet(ws);
    expect(states(ws.engine)).toEqual({ ACKED: 5 });
    expectExactlyOnce(ids);
  });

  it('token expiry mid-sync: renewed once, the sync completes', async () => {
    const { ws, ids } = await decidedOffline(5);
    const issued = ws.client.tokens.issuedCount();
    suite.sim.faults.expireTokens();
    const report = await ws.engine.pushOnce();
    expect(report.acked).toBe(5);
    expect(ws.client.tokens.issuedCount()).toBe(issued + 1);
    suite.sim.faults.expireTokens();
    const status = await ws.engine.syncNow('manual');
    expect(status).toMatchObject({ phase: 'idle', connection: 'online' });
    expectExactlyOnce(ids);
  });

  it('refused credentials: needs-credentials, decisions kept, no retry loop', async () => {
    const ws = suite.open();
    await ws.engine.pullOnce();
    const [target] = submittedWithPhoto(ws.db, 1);
    if (!target) throw new Error('no request');
    ws.engine.recordDecision(approve(target));
    const tokensBefore = suite.sim.admin.callCount('token');
    // Same store, wrong secret.
    suite.open();
    const { createRegionClient } = await import('../../electron/main/services/region/regionClient');
    const { createSyncEngine } = await import('../../electron/main/services/sync/syncEngine');
    const badClient = createRegionClient({
      baseUrl: suite.sim.baseUrl,
      clientId: suite.sim.clients.establishment.clientId,
      clientSecret: 'not-the-secret',
      userAgent: 'hdf-sync-test',
    });
    await ws.engine.stop();
    const engine = createSyncEngine({
      db: ws.db,
      target: () => badClient,
      photosDir: join(ws.dir, 'photos'),
      currentStaff: () => ({ staffId: 'x', displayName: 'X' }),
      prefetchPhotos: false,
    });
    const first = await engine.syncNow('manual');
    const second = await engine.syncNow('manual');
    await engine.stop();
    expect(first).toMatchObject({ phase: 'needs-credentials', connection: 'needs-credentials', pending: 1 });
    expect(second.phase).toBe('needs-credentials');
    expect(first.message).toContain('Identifiants refusés');
    // One token request, then the provider pauses: no loop.
    expect(suite.sim.admin.callCount('token') - tokensBefore).toBe(1);
    expect(suite.sim.admin.countDecisions(target.id)).toBe(0);
  });

  it('cursor expiry with 500 decisions pending: one full resync, outbox intact, all 500 acked once', async () => {
    const { ws, ids } = await decidedOffline(500);
    suite.sim.faults.expireCursors();
    const feedCalls = suite.sim.admin.callCount('requestFeed');
    const pull = await ws.engine.pullOnce();
    expect(pull.fullResync).toBe(true);
    // Two UAIs: each requests feed restarted once (410 then a from-scratch pass).
    expect(suite.sim.admin.callCount('requestFeed') - feedCalls).toBeLessThan(12);
    expect(states(ws.engine)).toEqual({ PENDING: 500 });
    const before = suite.sim.admin.callCount('batch');
    await pushUntilQuiet(ws);
    expect(suite.sim.admin.callCount('batch') - before).toBe(5);
    expect(states(ws.engine)).toEqual({ ACKED: 500 });
    expectExactlyOnce(ids);
  });

  it('an invalid cursor (client bug) is dropped and the feed resynced once', async () => {
    const ws = suite.open();
    await ws.engine.pullOnce();
    ws.db.sqlite.prepare("UPDATE sync_cursors SET cursor = 'not-a-cursor-of-this-feed'").run();
    const pull = await ws.engine.pullOnce();
    expect(pull.fullResync).toBe(true);
    const cursors = ws.db.sqlite.prepare('SELECT cursor FROM sync_cursors').all() as { cursor: string }[];
    for (const c of cursors) expect(c.cursor).not.toBe('not-a-cursor-of-this-feed');
  });

  it('response lost after commit: the retry replays the stored answer, one decision', async () => {
    const { ws, ids } = await decidedOffline(3);
    suite.sim.faults.configure({ seed: 4, dropAfterCommitRate: { batch: 1 } });
    const first = await ws.engine.pushOnce();
    expect(first).toMatchObject({ acked: 0, retryLater: 3 });
    expectExactlyOnce(ids); // committed server-side already
    suite.sim.faults.reset();
    await pushUntilQuiet(ws);
    expect(states(ws.engine)).toEqual({ ACKED: 3 });
    expectExactlyOnce(ids);
  });

  it('a withdrawn request with a pending decision becomes a visible CONFLICT; its row and photo go', async () => {
    const { ws, ids } = await decidedOffline(2, { prefetchPhotos: true });
    const [pulledAway, pushedAway] = ids as [string, string];
    const sha = cached(ws.db, pulledAway)?.photo_sha256 ?? '';
    expect(existsSync(photoPath(ws.db, join(ws.dir, 'photos'), sha))).toBe(true);
    // The simulator's photo pool is small, so other requests share this file: make this request its
    // only user locally, so the tombstone must delete it (a shared file must stay, see below).
    ws.db.sqlite
      .prepare("UPDATE requests SET photo_sha256 = 'f' || substr(photo_sha256, 2) WHERE photo_sha256 = ? AND id != ?")
      .run(sha, pulledAway);
    suite.sim.admin.withdrawRequest(pulledAway);
    await ws.engine.pullOnce();
    expect(cached(ws.db, pulledAway)).toBeUndefined();
    expect(existsSync(photoPath(ws.db, join(ws.dir, 'photos'), sha))).toBe(false);
    // The other one is withdrawn too, but the push learns it first (409 already-decided + tombstone).
    suite.sim.admin.withdrawRequest(pushedAway);
    const report = await ws.engine.pushOnce();
    expect(report).toMatchObject({ conflicts: 1, acked: 0 });
    const problems = ws.engine.listProblems();
    expect(problems).toHaveLength(2);
    for (const p of problems) {
      expect(p.decision.state).toBe('CONFLICT');
      expect(p.current?.status).toBe('WITHDRAWN');
      expect(p.seen?.id).toBe(p.decision.requestId);
      expect(p.decision.messageFr).toContain('retiré');
    }
    expect(ws.engine.status()).toMatchObject({ conflicts: 2, pending: 0 });
    for (const id of ids) expect(suite.sim.admin.countDecisions(id)).toBe(0);
  });

  it('decided on another workstation: CONFLICT, or ACKED silently when identical', async () => {
    const { ws, ids } = await decidedOffline(2);
    const [different, identical] = ids as [string, string];
    suite.sim.admin.decideElsewhere(different, 'REJECTED');
    suite.sim.admin.decideElsewhere(identical, 'APPROVED');
    const report = await ws.engine.pushOnce();
    expect(report).toMatchObject({ conflicts: 1, acked: 1 });
    const byRequest = new Map(ws.engine.listDecisions().map((d) => [d.requestId, d]));
    expect(byRequest.get(different)).toMatchObject({ state: 'CONFLICT', errorCode: 'already-decided' });
    expect(byRequest.get(identical)).toMatchObject({ state: 'ACKED' });
    expect(ws.engine.listProblems().map((p) => p.current?.status)).toEqual(['REJECTED']);
    expect(cached(ws.db, different)?.local_state).toBe('CONFLICT');
    expect(cached(ws.db, identical)?.local_state).toBe('SYNCED');
    for (const id of ids) expect(suite.sim.admin.countDecisions(id)).toBe(1); // only the other one's
  });

  it('a poison decision at the head of the queue: 1 ERROR, the 99 behind it ACKED', async () => {
    const uai = suite.sim.clients.establishment.uais[0] ?? '';
    const ids = suite.sim.admin.addRequests(100, uai);
    const ws = suite.open();
    await ws.engine.pullOnce();
    const [head, ...rest] = ids.map((id) => cached(ws.db, id)!);
    // A redirection to an establishment the Region does not know: only the Region can tell (422).
    ws.engine.recordDecision({
      ...reject(head!, 'WRONG_ESTABLISHMENT'),
      decision: 'REDIRECTED',
      targetUai: makeUai('976', 9876),
    });
    for (const r of rest) ws.engine.recordDecision(approve(r));
    const report = await ws.engine.pushOnce();
    expect(report).toMatchObject({ sent: 100, acked: 99, errors: 1, retryLater: 0, httpCalls: 1 });
    const [problem] = ws.engine.listProblems();
    expect(problem?.decision).toMatchObject({ state: 'ERROR', requestId: head!.id, errorCode: 'validation-error' });
    expect(problem?.decision.messageFr).toContain('inconnu');
    expect(suite.sim.admin.countDecisions(head!.id)).toBe(0);
    expectExactlyOnce(rest.map((r) => r.id));
    // Final: never sent again.
    expect((await ws.engine.pushOnce()).sent).toBe(0);
  });

  it.each([
    ['ahead', 24 * 3_600_000],
    ['behind', -24 * 3_600_000],
  ])('a workstation clock a day %s still gets its decisions accepted', async (_label, offset) => {
    const uai = suite.sim.clients.establishment.uais[0] ?? '';
    const ids = suite.sim.admin.addRequests(2, uai);
    const ws = suite.open();
    ws.clock.offsetMs = offset;
    // First decision before any contact (skew unknown), the second after /me measured it.
    await ws.engine.pullOnce();
    const status = ws.engine.status();
    expect(Math.abs((status.clockSkewMs ?? 0) + offset)).toBeLessThan(10_000);
    expect(status.message).toContain('Horloge du poste décalée');
    for (const id of ids) ws.engine.recordDecision(approve(cached(ws.db, id)!));
    const report = await ws.engine.pushOnce();
    expect(report).toMatchObject({ acked: 2, errors: 0 });
    expectExactlyOnce(ids);
    const decidedAt = ws.engine.listDecisions().map((d) => Date.parse(d.decidedAt));
    for (const at of decidedAt) expect(Math.abs(at - Date.now())).toBeLessThan(60_000);
  });

  it('a decision recorded before the first contact on a skewed clock is sent in server time', async () => {
    const uai = suite.sim.clients.establishment.uais[0] ?? '';
    const [id] = suite.sim.admin.addRequests(1, uai);
    const ws = suite.open();
    await ws.engine.pullOnce();
    const request = cached(ws.db, id!)!;
    // Restart: the new engine has not talked to the Region yet, and the clock is a day ahead.
    await ws.reopen();
    ws.clock.offsetMs = 24 * 3_600_000;
    ws.engine.recordDecision(approve(request));
    expect(await ws.engine.pushOnce()).toMatchObject({ acked: 1 });
    expect(suite.sim.admin.countDecisions(id!)).toBe(1);
  });

  it('a request moved to the sibling UAI of this client stays cached; moved elsewhere it goes', async () => {
    const [uaiA, uaiB] = suite.sim.clients.establishment.uais as [string, string];
    const [sibling, foreign] = suite.sim.admin.addRequests(2, uaiA) as [string, string];
    const ws = suite.open();
    await ws.engine.pullOnce();
    ws.engine.recordDecision(approve(cached(ws.db, sibling)!));
    suite.sim.admin.transferRequest(sibling, uaiB);
    // Any establishment of the directory outside this client (the weekly directory pull cached it).
    const { uai: outside } = ws.db.sqlite
      .prepare('SELECT uai FROM establishments WHERE uai NOT IN (?, ?) ORDER BY uai LIMIT 1')
      .get(uaiA, uaiB) as { uai: string };
    suite.sim.admin.transferRequest(foreign, outside);
    // The A feed (pulled first) sends a TRANSFERRED tombstone, the B feed the active copy.
    await ws.engine.pullOnce();
    await ws.engine.pullOnce();
    const server = (suite.sim.admin.getRequest(sibling) as { request: { version: number } }).request;
    expect(cached(ws.db, sibling)).toMatchObject({ establishment_uai: uaiB, version: server.version });
    expect(cached(ws.db, foreign)).toBeUndefined();
    // The decision was taken for A: it is not silently kept.
    expect(ws.engine.listProblems().map((p) => [p.decision.requestId, p.current?.status])).toEqual([
      [sibling, 'TRANSFERRED'],
    ]);
  });

  it('a schema-invalid feed item is quarantined and the feed goes on', async () => {
    const ws = suite.open();
    await ws.engine.pullOnce();
    const uai = suite.sim.clients.establishment.uais[0] ?? '';
    const added = suite.sim.admin.addRequests(3, uai);
    suite.sim.faults.injectInvalidItem('requests', uai);
    const pull = await ws.engine.pullOnce();
    expect(pull.requests.quarantined).toBe(1);
    for (const id of added) expect(cached(ws.db, id)).toBeDefined();
    expect(ws.engine.status().quarantined).toBe(1);
    const row = ws.db.sqlite.prepare('SELECT feed, uai, error FROM quarantine').get() as Record<string, string>;
    expect(row).toMatchObject({ feed: 'requests', uai });
    expect(row.error?.length ?? 0).toBeGreaterThan(0);
  });

  it('repeated and out-of-order items: the highest version wins', async () => {
    const ws = suite.open();
    await ws.engine.pullOnce();
    const targets = submittedWithPhoto(ws.db, 6);
    suite.sim.faults.configure({ seed: 8, repeatItemsRate: 1, outOfOrderRate: 1 });
    for (const [i, t] of targets.entries()) {
      suite.sim.admin.changeRequest(t.id, i % 2 === 0 ? 'photo' : 'address');
      suite.sim.admin.changeRequest(t.id, 'address');
    }
    await ws.engine.pullOnce();
    await ws.engine.pullOnce();
    suite.sim.faults.reset();
    for (const t of targets) {
      const server = suite.sim.admin.getRequest(t.id) as { request: { version: number } };
      expect(server.request.version).toBeGreaterThanOrEqual(t.version + 2);
      expect(cached(ws.db, t.id)?.version).toBe(server.request.version);
    }
  });
});
