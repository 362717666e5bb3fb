/**
 * Retention as the app runs it: live services against the real simulator (whose synthetic requests
 * were decided months ago), a purge after the sync without anyone asking, the report and settings
 * through the contract, administrator only, and the audit entry.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/main/services/app/createServices';
import { setStderrLogging } from '../../electron/main/services/log/logger';
import { createFileSecretStore } from '../../electron/main/services/secrets/fileSecretStore';
import { startSimulator } from '../../region-sim';
import { TEST_STORE_KEY } from '../store/tempDir';
import { signInAs } from '../support/staffSession';

let sim: Awaited<ReturnType<typeof startSimulator>>;
let services: Services;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'retention-services-'));

async function value<T>(channel: string, input?: unknown): Promise<T> {
  const result = await services.dispatch(channel, input);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}`);
  return result.value as T;
}

beforeAll(async () => {
  setStderrLogging(false);
  sim = await startSimulator({ requests: 200, seed: 3 });
  const { clientId, clientSecret } = sim.clients.establishment;
  services = await createServices({
    dataDir,
    shell: 'headless',
    appVersion: '0.0.0-test',
    secretStore: createFileSecretStore(dataDir),
    storeKey: TEST_STORE_KEY,
    env: { REGION_API_URL: sim.baseUrl, REGION_CLIENT_ID: clientId, REGION_CLIENT_SECRET: clientSecret },
  });
}, 30_000);

afterAll(async () => {
  await services.close();
  await sim.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  setStderrLogging(true);
});

describe('retention in the running services', () => {
  it('purges decided requests after a live sync on its own, and reports counts and ids only', async () => {
    await signInAs(services, 'administrator');
    await expect.poll(async () => (await services.syncNow('manual')).phase, { timeout: 30_000 }).toBe('idle');
    await expect
      .poll(
        async () => value<{ trigger: string; requests: { count: number; ids: string[] } } | null>('retention:report'),
        {
          timeout: 20_000,
          interval: 500,
        },
      )
      .toMatchObject({ trigger: 'sync' });
    const last = await value<{ requests: { count: number; ids: string[] }; heldBack: { count: number } }>(
      'retention:report',
    );
    expect(last.requests.count).toBeGreaterThan(0);
    expect(last.requests.ids).toHaveLength(last.requests.count);
    for (const id of last.requests.ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // What stays: requests still awaiting a decision.
    const stats = await value<{ requests: number }>('store:stats');
    expect(stats.requests).toBeGreaterThan(0);
    const audit = await value<{ rows: { action: string; actorId: string }[] }>('audit:list', {
      filter: { action: 'purge.run' },
      offset: 0,
      limit: 10,
    });
    expect(audit.rows).toContainEqual(expect.objectContaining({ action: 'purge.run', actorId: 'system' }));
  }, 60_000);

  it('lets the administrator set the delay and purge on demand; refuses other roles', async () => {
    await signInAs(services, 'administrator');
    expect(await value('retention:settings')).toEqual({ delayDays: 30 });
    expect(await value('retention:updateSettings', { delayDays: 10 })).toEqual({ delayDays: 10 });
    const invalid = await services.dispatch('retention:updateSettings', { delayDays: 0 });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const manual = await value<{ trigger: string; delayDays: number }>('retention:purge');
    expect(manual).toMatchObject({ trigger: 'manual', delayDays: 10 });

    for (const role of ['secretariat', 'antenna'] as const) {
      await signInAs(services, role);
      for (const channel of ['retention:purge', 'retention:report', 'retention:settings']) {
        expect(await services.dispatch(channel, undefined)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
    }
  }, 60_000);
});
