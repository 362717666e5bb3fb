/**
 * The composition root end to end: demo mode on the in-process simulator, demo ↔ live switches
 * against a second real simulator, environment precedence, and a store error surfaced untouched.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../region-sim/index';
import { createServices, type Services } from '../../electron/main/services/app/createServices';
import { DEMO_FAILED_MESSAGE } from '../../electron/main/services/app/regionConnection';
import { setStderrLogging } from '../../electron/main/services/log/logger';
import { createFileSecretStore } from '../../electron/main/services/secrets/fileSecretStore';
import { StoreOpenError, openStoreConnection } from '../../electron/main/services/store/openDatabase';
import { LATEST_SCHEMA_VERSION } from '../../electron/main/services/store/migrations';
import { TEST_STORE_KEY } from '../store/tempDir';
import { signInAs } from '../support/staffSession';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

let root: string;
let liveSim: Simulator;
const opened: Services[] = [];

beforeAll(async () => {
  setStderrLogging(false);
  root = mkdtempSync(join(tmpdir(), 'hdf-services-'));
  liveSim = await startSimulator({ port: 0, dataFile: join(root, 'live-region.sqlite'), requests: 10, seed: 11 });
});

afterAll(async () => {
  for (const services of opened) await services.close();
  await liveSim?.close();
  setStderrLogging(true);
  rmSync(root, { recursive: true, force: true });
});

async function start(dataDir: string, env: Record<string, string | undefined> = {}): Promise<Services> {
  const services = await createServices({
    dataDir,
    shell: 'headless',
    appVersion: '1.2.3',
    secretStore: createFileSecretStore(dataDir),
    storeKey: TEST_STORE_KEY,
    env,
    demo: { requests: 20, seed: 5 },
  });
  opened.push(services);
  // Every channel but app:info needs a signed-in member; the administrator may call them all.
  await signInAs(services, 'administrator');
  return services;
}

async function value<T = Record<string, unknown>>(services: Services, channel: string, input?: unknown): Promise<T> {
  const result = await services.dispatch(channel, input);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

describe('createServices', () => {
  it('runs demo mode on a seeded simulator whose data survives a restart', async () => {
    const dataDir = join(root, 'demo');
    const first = await start(dataDir);
    expect(await value(first, 'sync:checkConnection')).toMatchObject({ connection: 'online' });
    const info = await value<{ mode: string; shell: string; establishments: { uai: string }[]; appVersion: string }>(
      first,
      'app:info',
    );
    expect(info).toMatchObject({ mode: 'demo', shell: 'headless', appVersion: '1.2.3' });
    expect(info.establishments.length).toBeGreaterThan(0);
    // The engine's start-up sync fills the store; a manual run returns once it is caught up.
    expect(await value(first, 'sync:run')).toMatchObject({ phase: 'idle', connection: 'online', pending: 0 });
    const stats = await value<{ requests: number; cards: number; schemaVersion: number }>(first, 'store:stats');
    expect(stats).toMatchObject({ requests: 20, schemaVersion: LATEST_SCHEMA_VERSION });
    expect(stats.cards).toBeGreaterThan(0);
    await first.close();

    const second = await start(dataDir);
    await value(second, 'sync:checkConnection');
    expect(await value(second, 'app:info')).toEqual(info);
  });

  it('switches demo → live → demo at run time through settings:update', async () => {
    const dataDir = join(root, 'switch');
    const services = await start(dataDir);
    await value(services, 'sync:checkConnection');
    const demoInfo = await value<{ establishments: unknown[] }>(services, 'app:info');

    const live = liveSim.clients.establishment;
    const settings = await value(services, 'settings:update', {
      regionApiUrl: liveSim.baseUrl,
      clientId: live.clientId,
      clientSecret: live.clientSecret,
    });
    expect(settings).toEqual({
      regionApiUrl: liveSim.baseUrl,
      clientId: live.clientId,
      hasClientSecret: true,
      fromEnvironment: { regionApiUrl: false, clientId: false, clientSecret: false },
      mode: 'live',
    });
    expect(JSON.stringify(await services.dispatch('settings:get', undefined))).not.toContain(live.clientSecret);
    expect(await value(services, 'sync:checkConnection')).toMatchObject({ connection: 'online' });
    const liveInfo = await value<{ mode: string; establishments: { uai: string }[] }>(services, 'app:info');
    expect(liveInfo.mode).toBe('live');
    expect(liveInfo.establishments.map((e) => e.uai).sort()).toEqual([...live.uais].sort());

    // Offline: app:info still answers from the cached /me.
    liveSim.faults.offline(true);
    try {
      expect(await value(services, 'sync:checkConnection')).toMatchObject({ connection: 'offline' });
      expect(await value(services, 'app:info')).toEqual(liveInfo);
    } finally {
      liveSim.faults.offline(false);
    }
    expect(readFileSync(join(dataDir, 'logs', 'app.log'), 'utf8')).not.toContain(live.clientSecret);

    // Live without a secret: nothing to call.
    await value(services, 'settings:update', {
      regionApiUrl: liveSim.baseUrl,
      clientId: live.clientId,
      clientSecret: '',
    });
    expect(await value(services, 'sync:checkConnection')).toMatchObject({ connection: 'unconfigured' });
    expect(await value(services, 'app:info')).toMatchObject({ mode: 'live', establishments: [] });

    await value(services, 'settings:update', { regionApiUrl: '', clientId: '' });
    expect(await value(services, 'sync:checkConnection')).toMatchObject({ connection: 'online' });
    expect(await value(services, 'app:info')).toMatchObject({ mode: 'demo', establishments: demoInfo.establishments });
  });

  it('lets REGION_* environment variables override stored settings', async () => {
    const dataDir = join(root, 'env');
    const live = liveSim.clients.establishment;
    const services = await start(dataDir, {
      REGION_API_URL: liveSim.baseUrl,
      REGION_CLIENT_ID: live.clientId,
      REGION_CLIENT_SECRET: live.clientSecret,
    });
    expect(await value(services, 'settings:get')).toEqual({
      regionApiUrl: liveSim.baseUrl,
      clientId: live.clientId,
      hasClientSecret: true,
      fromEnvironment: { regionApiUrl: true, clientId: true, clientSecret: true },
      mode: 'live',
    });
    expect(await value(services, 'sync:checkConnection')).toMatchObject({ connection: 'online' });
    // Storing other values does not beat the environment.
    await value(services, 'settings:update', { regionApiUrl: '', clientId: 'other', clientSecret: 'other' });
    expect(await value(services, 'settings:get')).toMatchObject({ mode: 'live', clientId: live.clientId });
    expect(services.status().connection).not.toBe('needs-credentials');
  });

  it('still opens when the demo simulator cannot start, and says so in the status', async () => {
    const dataDir = join(root, 'demo-broken');
    mkdirSync(dataDir, { recursive: true });
    // A file where the simulator's folder should be: its start fails for real.
    writeFileSync(join(dataDir, 'demo-region'), 'not a folder');
    const services = await start(dataDir);
    expect(await value(services, 'sync:checkConnection')).toMatchObject({
      connection: 'offline',
      message: DEMO_FAILED_MESSAGE,
    });
    expect(await value(services, 'store:stats')).toMatchObject({ requests: 0 });
  });

  it('surfaces a StoreOpenError for a database from a newer version and leaves the file untouched', async () => {
    const dataDir = join(root, 'future');
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, 'hdf.sqlite');
    const future = openStoreConnection(file, TEST_STORE_KEY);
    future.exec('CREATE TABLE t (x)');
    future.pragma('user_version = 999');
    future.close();
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
    const attempt = start(dataDir);
    await expect(attempt).rejects.toBeInstanceOf(StoreOpenError);
    await expect(attempt).rejects.toMatchObject({ code: 'FUTURE_SCHEMA' });
    const error = (await attempt.catch((e: unknown) => e)) as StoreOpenError;
    expect(error.messageFr).toContain('version plus récente');
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(hash);
  });
});
