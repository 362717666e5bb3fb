/**
 * One workstation against the REAL simulator over HTTP: a temp dir with a real SQLite store, the
 * real Region client and the sync engine, with a controllable local clock and seeded jitter.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../region-sim/index';
import { createPrng } from '../../region-sim/seed/prng';
import { type StaffMember } from '../../shared/region-api/schemas';
import { type DecisionDraft } from '../../shared/schemas/domain';
import { createRegionClient, type RegionClient } from '../../electron/main/services/region/regionClient';
import { openDatabase, type AppDatabase } from '../../electron/main/services/store/openDatabase';
import {
  createSyncEngine,
  type SyncEngine,
  type SyncEngineOptions,
} from '../../electron/main/services/sync/syncEngine';
import { setStderrLogging } from '../../electron/main/services/log/logger';
import { TEST_STORE_KEY } from '../store/tempDir';

export const STAFF: StaffMember = { staffId: 'secretariat-01', displayName: 'Secrétariat' };

/** Deterministic jitter: the simulator's seeded PRNG. */
export function seeded(seed: number): () => number {
  const prng = createPrng(seed);
  return () => prng.next();
}

export interface Workstation {
  dir: string;
  db: AppDatabase;
  client: RegionClient;
  engine: SyncEngine;
  /** Local clock offset from real time (ms); tests move it to skew the workstation or pass backoffs. */
  clock: { offsetMs: number };
  reopen(overrides?: Partial<SyncEngineOptions>): Promise<void>;
  close(): Promise<void>;
}

export async function startSim(options: { requests?: number; seed?: number } = {}): Promise<{
  sim: RunningSimulator;
  dir: string;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'hdf-sync-sim-'));
  const sim = await startSimulator({
    port: 0,
    dataFile: join(dir, 'region.sqlite'),
    requests: options.requests ?? 40,
    seed: options.seed ?? 7,
  });
  return { sim, dir };
}

export async function closeSim(world: { sim: RunningSimulator; dir: string }): Promise<void> {
  await world.sim.close();
  rmSync(world.dir, { recursive: true, force: true });
}

export function openWorkstation(
  sim: RunningSimulator,
  overrides: Partial<SyncEngineOptions> & { timeoutMs?: number } = {},
): Workstation {
  const dir = mkdtempSync(join(tmpdir(), 'hdf-sync-ws-'));
  const clock = { offsetMs: 0 };
  const now = () => Date.now() + clock.offsetMs;
  const { timeoutMs, ...engineOverrides } = overrides;
  const makeClient = () =>
    createRegionClient({
      baseUrl: sim.baseUrl,
      clientId: sim.clients.establishment.clientId,
      clientSecret: sim.clients.establishment.clientSecret,
      userAgent: 'hdf-sync-test',
      timeoutMs: timeoutMs ?? 5_000,
    });
  const make = (db: AppDatabase, client: RegionClient, more: Partial<SyncEngineOptions>) =>
    createSyncEngine({
      db,
      target: () => client,
      photosDir: join(dir, 'photos'),
      currentStaff: () => STAFF,
      now,
      random: seeded(42),
      prefetchPhotos: false,
      ...engineOverrides,
      ...more,
    });
  const ws: Workstation = {
    dir,
    db: openDatabase({ key: TEST_STORE_KEY, file: join(dir, 'hdf.sqlite') }),
    client: makeClient(),
    engine: undefined as unknown as SyncEngine,
    clock,
    async reopen(more = {}) {
      await ws.engine.stop();
      ws.db.close();
      ws.db = openDatabase({ key: TEST_STORE_KEY, file: join(dir, 'hdf.sqlite') });
      ws.client = makeClient();
      ws.engine = make(ws.db, ws.client, more);
    },
    async close() {
      await ws.engine.stop();
      ws.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  ws.engine = make(ws.db, ws.client, {});
  return ws;
}

/** A test file's simulator, started once, and the workstations its tests open. */
export interface SimSuite {
  readonly sim: RunningSimulator;
  /** A workstation closed after the test (its faults reset too). */
  open(overrides?: Parameters<typeof openWorkstation>[1]): Workstation;
}

/**
 * Registers the file's hooks: the simulator starts before its tests (stderr logging off) and stops
 * after them; after each test, faults are reset and the workstations it opened are closed.
 */
export function simSuite(options: { requests?: number; seed?: number }): SimSuite {
  let world: Awaited<ReturnType<typeof startSim>> | null = null;
  const opened: Workstation[] = [];
  beforeAll(async () => {
    setStderrLogging(false);
    world = await startSim(options);
  });
  afterEach(async () => {
    world?.sim.faults.reset();
    while (opened.length > 0) await opened.pop()?.close();
  });
  afterAll(async () => {
    if (world !== null) await closeSim(world);
    setStderrLogging(true);
  });
  const suite: SimSuite = {
    get sim() {
      if (world === null) throw new Error('the simulator starts in beforeAll');
      return world.sim;
    },
    open(overrides) {
      const ws = openWorkstation(suite.sim, overrides);
      opened.push(ws);
      return ws;
    },
  };
  return suite;
}

export interface CachedRequest {
  id: string;
  version: number;
  status: string;
  photo_id: string | null;
  photo_sha256: string | null;
  establishment_uai: string;
  local_state: string;
}

export function submittedWithPhoto(db: AppDatabase, limit = 1000): CachedRequest[] {
  return db.sqlite
    .prepare(
      `SELECT id, version, status, photo_id, photo_sha256, establishment_uai, local_state FROM requests
       WHERE status = 'SUBMITTED' AND photo_id IS NOT NULL ORDER BY id LIMIT ?`,
    )
    .all(limit) as CachedRequest[];
}

export function cached(db: AppDatabase, id: string): CachedRequest | undefined {
  return db.sqlite
    .prepare(
      'SELECT id, version, status, photo_id, photo_sha256, establishment_uai, local_state FROM requests WHERE id = ?',
    )
    .get(id) as CachedRequest | undefined;
}

export function approve(request: { id: string; version: number }): DecisionDraft {
  return {
    requestId: request.id,
    seenVersion: request.version,
    decision: 'APPROVED',
    photoVerdict: 'COMPLIANT',
    reasonCodes: [],
  };
}

export function reject(request: { id: string; version: number }, reason = 'NOT_ENROLLED'): DecisionDraft {
  return {
    requestId: request.id,
    seenVersion: request.version,
    decision: 'REJECTED',
    photoVerdict: 'COMPLIANT',
    reasonCodes: [reason],
  };
}

export function states(engine: SyncEngine): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of engine.listDecisions()) out[d.state] = (out[d.state] ?? 0) + 1;
  return out;
}

/** Pushes until nothing is due any more, moving the local clock past each backoff (bounded). */
export async function pushUntilQuiet(ws: Workstation, maxRounds = 30): Promise<number> {
  for (let round = 1; round <= maxRounds; round += 1) {
    await ws.engine.pushOnce();
    const waiting = ws.engine.listDecisions().filter((d) => d.state === 'PENDING' || d.state === 'SENDING');
    if (waiting.length === 0) return round;
    const next = waiting
      .map((d) => (d.nextAttemptAt ? Date.parse(d.nextAttemptAt) : 0))
      .reduce((a, b) => Math.max(a, b), 0);
    const localNow = Date.now() + ws.clock.offsetMs;
    if (next > localNow) ws.clock.offsetMs += next - localNow + 1;
  }
  throw new Error(`outbox still not quiet after ${maxRounds} rounds`);
}
