/**
 * The Region client secret: sealed with the store key in the host's secrets file, never answered to
 * the renderer, never in a log line nor in any file of the data folder in clear — checked on a real
 * headless host that really uses the secret against the simulator.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setStderrLogging } from '../../electron/main/services/log/logger';
import { createFileSecretStore } from '../../electron/main/services/secrets/fileSecretStore';
import { createSealedSecretStore } from '../../electron/main/services/secrets/sealedSecretStore';
import { startHeadlessHost, type HeadlessHost } from '../../host/startHost';
import { startSimulator } from '../../region-sim';
import { TEST_STORE_KEY } from '../store/tempDir';
import { signInAs } from '../support/staffSession';

let sim: Awaited<ReturnType<typeof startSimulator>>;
let host: HeadlessHost;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'region-credentials-'));
const dataDir = path.join(root, 'data');

function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? allFiles(full) : [full];
  });
}

beforeAll(async () => {
  setStderrLogging(false);
  sim = await startSimulator({ requests: 20, seed: 5 });
  const rendererDir = path.join(root, 'renderer');
  fs.mkdirSync(rendererDir, { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>HDF</title>');
  host = await startHeadlessHost({ dataDir, rendererDir, env: {}, storeKey: TEST_STORE_KEY, demo: { requests: 10 } });
}, 30_000);

afterAll(async () => {
  await host.close();
  await sim.close();
  fs.rmSync(root, { recursive: true, force: true });
  setStderrLogging(true);
});

describe('Region credentials', () => {
  it('are used for the sync, never answered, never written in clear anywhere in the data folder', async () => {
    const { clientId, clientSecret } = sim.clients.establishment;
    await signInAs(host.services, 'administrator');
    const saved = await host.services.dispatch('settings:update', {
      regionApiUrl: sim.baseUrl,
      clientId,
      clientSecret,
    });
    expect(saved).toMatchObject({ ok: true, value: { hasClientSecret: true } });
    expect(JSON.stringify(saved)).not.toContain(clientSecret);
    // Really used: the live sync authenticates with it.
    await expect.poll(async () => (await host.services.syncNow('manual')).phase, { timeout: 30_000 }).toBe('idle');
    const got = await host.services.dispatch('settings:get', undefined);
    expect(JSON.stringify(got)).not.toContain(clientSecret);

    const needle = Buffer.from(clientSecret, 'utf8');
    const files = allFiles(dataDir);
    expect(files.some((f) => f.endsWith('secrets.json'))).toBe(true);
    expect(files.some((f) => f.endsWith('app.log'))).toBe(true);
    for (const file of files) expect(fs.readFileSync(file).includes(needle), file).toBe(false);
  }, 60_000);

  it('cannot be unsealed with another store key, and a value moved to another name fails', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'sealed-'));
    const sealed = createSealedSecretStore(createFileSecretStore(dir), TEST_STORE_KEY);
    await sealed.set('region.clientSecret', 'Secret-Quenouillard-42');
    expect(await sealed.get('region.clientSecret')).toBe('Secret-Quenouillard-42');
    expect(fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8')).not.toContain('Quenouillard');
    const other = createSealedSecretStore(createFileSecretStore(dir), crypto.randomBytes(32));
    expect(await other.get('region.clientSecret')).toBeNull();
    const raw = createFileSecretStore(dir);
    await raw.set('other.name', (await raw.get('region.clientSecret'))!);
    expect(await sealed.get('other.name')).toBeNull();
  });

  it('seals a clear value left by an older host the first time it is read', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'legacy-'));
    await createFileSecretStore(dir).set('region.clientSecret', 'legacy-clear-value');
    const sealed = createSealedSecretStore(createFileSecretStore(dir), TEST_STORE_KEY);
    expect(await sealed.get('region.clientSecret')).toBe('legacy-clear-value');
    expect(fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8')).not.toContain('legacy-clear-value');
    expect(await sealed.get('region.clientSecret')).toBe('legacy-clear-value');
  });
});
