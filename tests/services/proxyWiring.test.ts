/**
 * School networks are proxied: with HTTP(S)_PROXY set, the services reach the Region through the
 * proxy (here a real loopback proxy that resolves the Region's host name, as a school proxy does
 * for names the desk itself cannot resolve), and the whole sync goes through it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/main/services/app/createServices';
import { setStderrLogging } from '../../electron/main/services/log/logger';
import { createFileSecretStore } from '../../electron/main/services/secrets/fileSecretStore';
import { startSimulator } from '../../region-sim';
import { startLoopbackProxy, type LoopbackProxy } from '../region/loopbackProxy';
import { TEST_STORE_KEY } from '../store/tempDir';
import { signInAs } from '../support/staffSession';

let sim: Awaited<ReturnType<typeof startSimulator>>;
let proxy: LoopbackProxy;
let services: Services | null = null;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxy-wiring-'));

beforeAll(async () => {
  setStderrLogging(false);
  sim = await startSimulator({ requests: 30, seed: 11 });
  const port = new URL(sim.baseUrl).port;
  proxy = await startLoopbackProxy({ hosts: { [`region-api.test:${port}`]: `127.0.0.1:${port}` } });
}, 30_000);

afterAll(async () => {
  await services?.close();
  await proxy.close();
  await sim.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  setStderrLogging(true);
});

describe('proxy wiring', () => {
  it('syncs with the Region through HTTP_PROXY when the Region is not on loopback', async () => {
    const port = new URL(sim.baseUrl).port;
    const { clientId, clientSecret } = sim.clients.establishment;
    services = await createServices({
      dataDir,
      shell: 'headless',
      appVersion: '0.0.0-test',
      secretStore: createFileSecretStore(dataDir),
      storeKey: TEST_STORE_KEY,
      env: {
        REGION_API_URL: `http://region-api.test:${port}/generation/v1`,
        REGION_CLIENT_ID: clientId,
        REGION_CLIENT_SECRET: clientSecret,
        HTTP_PROXY: proxy.url,
      },
    });
    const running = services;
    await expect.poll(async () => (await running.syncNow('manual')).phase, { timeout: 20_000 }).toBe('idle');
    await signInAs(running, 'secretariat');
    const stats = await running.dispatch('store:stats', undefined);
    expect(stats.ok && (stats.value as { requests: number }).requests).toBe(30);
    expect(proxy.targets.length).toBeGreaterThan(0);
    expect(new Set(proxy.targets)).toEqual(new Set([`region-api.test:${port}`]));
  });
});
