import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileSecretStore } from '../../electron/main/services/secrets/fileSecretStore';
import { createSettingsService } from '../../electron/main/services/settings/settingsService';
import { openDatabase, type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { TEST_STORE_KEY } from '../store/tempDir';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setup(env: Record<string, string | undefined> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hdf-settings-'));
  const db: AppDatabase = openDatabase({ key: TEST_STORE_KEY, file: join(dir, 'hdf.sqlite') });
  cleanups.push(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const secretStore = createFileSecretStore(dir);
  return { dir, db, secretStore, service: createSettingsService({ db, secretStore, env }) };
}

describe('settingsService', () => {
  it('is in demo mode with nothing configured', async () => {
    const { service } = setup();
    expect(await service.get()).toEqual({
      regionApiUrl: '',
      clientId: '',
      hasClientSecret: false,
      fromEnvironment: { regionApiUrl: false, clientId: false, clientSecret: false },
      mode: 'demo',
    });
  });

  it('stores URL and id in the store, the secret in the SecretStore, and never returns the secret', async () => {
    const { service, secretStore, db, dir } = setup();
    const view = await service.update({
      regionApiUrl: 'https://region.example/generation/v1',
      clientId: 'etab-0590001F-desk-01',
      clientSecret: 'top-secret-value',
    });
    expect(view).toMatchObject({ mode: 'live', hasClientSecret: true, clientId: 'etab-0590001F-desk-01' });
    expect(JSON.stringify(view)).not.toContain('top-secret-value');
    expect(await secretStore.get('region.clientSecret')).toBe('top-secret-value');
    const rows = db.sqlite.prepare('SELECT key, value FROM settings').all();
    expect(JSON.stringify(rows)).not.toContain('top-secret-value');

    // Omitted secret: kept. Empty secret: erased.
    const again = createSettingsService({ db, secretStore: createFileSecretStore(dir) });
    expect((await again.update({ regionApiUrl: 'https://region.example/v1', clientId: 'x' })).hasClientSecret).toBe(
      true,
    );
    expect((await again.effective()).clientSecret).toBe('top-secret-value');
    expect((await again.update({ regionApiUrl: '', clientId: 'x', clientSecret: '' })).hasClientSecret).toBe(false);
    expect((await again.get()).mode).toBe('demo');
  });

  it('lets environment variables override stored values and reports them', async () => {
    const { service, db, secretStore } = setup();
    await service.update({
      regionApiUrl: 'https://stored.example',
      clientId: 'stored-id',
      clientSecret: 'stored-secret',
    });
    const withEnv = createSettingsService({
      db,
      secretStore,
      env: { REGION_API_URL: 'https://env.example/v1', REGION_CLIENT_ID: '', REGION_CLIENT_SECRET: 'env-secret' },
    });
    expect(await withEnv.get()).toEqual({
      regionApiUrl: 'https://env.example/v1',
      clientId: 'stored-id',
      hasClientSecret: true,
      fromEnvironment: { regionApiUrl: true, clientId: false, clientSecret: true },
      mode: 'live',
    });
    expect((await withEnv.effective()).clientSecret).toBe('env-secret');
  });

  it('refuses plain http except loopback, and URLs with credentials', async () => {
    const { service } = setup();
    for (const regionApiUrl of ['http://region.example', 'https://user:pw@region.example', 'ftp://x', 'pas une url']) {
      await expect(service.update({ regionApiUrl, clientId: 'a' })).rejects.toMatchObject({ ipcCode: 'INVALID_INPUT' });
    }
    expect((await service.get()).regionApiUrl).toBe('');
    expect((await service.update({ regionApiUrl: 'http://127.0.0.1:8080/v1', clientId: 'a' })).mode).toBe('live');
  });
});
