/**
 * The connection monitor and the Region client against the REAL simulator over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSimulator } from '../../region-sim/index';
import { Me } from '../../shared/region-api/schemas';
import { setStderrLogging } from '../../electron/main/services/log/logger';
import { createRegionClient, type RegionClient } from '../../electron/main/services/region/regionClient';
import { createConnectionMonitor } from '../../electron/main/services/status/connectionMonitor';
import { STATUS_MESSAGES } from '../../electron/main/services/status/statusMessages';
import { getReference } from '../../electron/main/services/store/referenceRepo';
import { openDatabase, type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { TEST_STORE_KEY } from '../store/tempDir';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

let dir: string;
let sim: Simulator;
let db: AppDatabase;

beforeAll(async () => {
  setStderrLogging(false);
  dir = mkdtempSync(join(tmpdir(), 'hdf-monitor-'));
  sim = await startSimulator({ port: 0, dataFile: join(dir, 'region.sqlite'), requests: 10, seed: 3 });
  db = openDatabase({ key: TEST_STORE_KEY, file: join(dir, 'hdf.sqlite') });
});

afterAll(async () => {
  await sim?.close();
  db?.close();
  setStderrLogging(true);
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  sim.faults.offline(false);
  sim.faults.setClockSkewMs(0);
});

function clientFor(simulator: Simulator, secret?: string): RegionClient {
  const credentials = simulator.clients.establishment;
  return createRegionClient({
    baseUrl: simulator.baseUrl,
    clientId: credentials.clientId,
    clientSecret: secret ?? credentials.clientSecret,
    userAgent: 'hdf-test',
    timeoutMs: 3_000,
  });
}

describe('connection monitor against the simulator', () => {
  it('is online after a check, caches /me and measures a small clock skew', async () => {
    const client = clientFor(sim);
    const monitor = createConnectionMonitor({ db, target: () => client });
    expect(monitor.status().connection).toBe('unknown');
    const status = await monitor.check();
    expect(status).toMatchObject({ connection: 'online', message: null, pending: 0, conflicts: 0, errors: 0 });
    expect(Math.abs(status.clockSkewMs ?? Number.NaN)).toBeLessThan(5_000);
    expect(status.lastContactAt).not.toBeNull();
    const me = getReference(db, 'me', Me);
    expect(me?.value.clientId).toBe(sim.clients.establishment.clientId);
    expect(me?.value.establishments.map((e) => e.uai).sort()).toEqual([...sim.clients.establishment.uais].sort());
  });

  it('goes offline when the Region does not answer, with a French message, and back online', async () => {
    const client = clientFor(sim);
    const monitor = createConnectionMonitor({ db, target: () => client });
    await monitor.check();
    sim.faults.offline(true);
    const offline = await monitor.check();
    expect(offline.connection).toBe('offline');
    expect(offline.message).toBe(STATUS_MESSAGES.offline);
    // What was last known stays visible while offline.
    expect(offline.lastContactAt).not.toBeNull();
    sim.faults.offline(false);
    expect((await monitor.check()).connection).toBe('online');
  });

  it('reports needs-credentials with a wrong secret', async () => {
    const client = clientFor(sim, 'not-the-secret');
    const monitor = createConnectionMonitor({ db, target: () => client });
    const status = await monitor.check();
    expect(status.connection).toBe('needs-credentials');
    expect(status.message).toBe(STATUS_MESSAGES.badCredentials);
  });

  it('renews the token exactly once after the Region expired it, and stays online', async () => {
    const client = clientFor(sim);
    const monitor = createConnectionMonitor({ db, target: () => client });
    await monitor.check();
    await monitor.check();
    expect(client.tokens.issuedCount()).toBe(1);
    sim.faults.expireTokens();
    const status = await monitor.check();
    expect(status.connection).toBe('online');
    expect(client.tokens.issuedCount()).toBe(2);
  });

  it('warns staff when the clock is more than 2 minutes off', async () => {
    const client = clientFor(sim);
    const monitor = createConnectionMonitor({ db, target: () => client });
    sim.faults.setClockSkewMs(5 * 60_000);
    const status = await monitor.check();
    expect(status.connection).toBe('online');
    expect(status.clockSkewMs).toBeGreaterThan(5 * 60_000 - 5_000);
    expect(status.clockSkewMs).toBeLessThan(5 * 60_000 + 5_000);
    expect(status.message).toContain('Horloge du poste décalée de 5 min par rapport à la Région');
  });

  it('checks at start and then periodically, on its own', async () => {
    const client = clientFor(sim);
    const monitor = createConnectionMonitor({ db, target: () => client, intervalMs: 100 });
    monitor.start();
    try {
      await vi.waitFor(() => expect(monitor.status().connection).toBe('online'), { timeout: 5_000 });
      sim.faults.offline(true);
      await vi.waitFor(() => expect(monitor.status().connection).toBe('offline'), { timeout: 5_000 });
    } finally {
      monitor.stop();
    }
  });

  it('reports unconfigured without a Region target', async () => {
    const monitor = createConnectionMonitor({ db, target: () => null });
    expect(await monitor.check()).toMatchObject({ connection: 'unconfigured', message: STATUS_MESSAGES.unconfigured });
  });

  it('reports a target that failed to start as offline with its own message', async () => {
    const monitor = createConnectionMonitor({
      db,
      target: () => null,
      targetFailure: () => 'Le mode démonstration n’a pas pu démarrer.',
    });
    expect(await monitor.check()).toMatchObject({
      connection: 'offline',
      message: 'Le mode démonstration n’a pas pu démarrer.',
    });
  });

  it('goes offline when the simulator is closed', async () => {
    const other = await startSimulator({ port: 0, dataFile: join(dir, 'other.sqlite'), requests: 10, seed: 4 });
    const client = clientFor(other);
    const monitor = createConnectionMonitor({ db, target: () => client });
    expect((await monitor.check()).connection).toBe('online');
    await other.close();
    expect((await monitor.check()).connection).toBe('offline');
  });
});
