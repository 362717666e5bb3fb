/**
 * Every channel of the contract, called by every role, without a session and on a locked session,
 * through the real services' dispatcher: allowed exactly when the channel's `access` says so. The
 * input is deliberately invalid (`-1`), so an allowed call stops at INVALID_INPUT (the guard let it
 * through) and nothing is written; a refused one answers the refusal before its input is read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/main/services/app/createServices';
import { setStderrLogging } from '../../electron/main/services/log/logger';
import { createFileSecretStore } from '../../electron/main/services/secrets/fileSecretStore';
import { roleMayCall, StaffRole } from '../../shared/ipc/access';
import { CHANNELS, contract } from '../../shared/ipc/contract';
import { TEST_STORE_KEY } from '../store/tempDir';
import { signInAs, signOut } from '../support/staffSession';

let dataDir: string;
let services: Services;

beforeAll(async () => {
  setStderrLogging(false);
  dataDir = mkdtempSync(join(tmpdir(), 'hdf-roles-'));
  services = await createServices({
    dataDir,
    shell: 'headless',
    appVersion: '0.0.0-test',
    secretStore: createFileSecretStore(dataDir),
    storeKey: TEST_STORE_KEY,
    // Live mode without credentials: the Region stays out of a test about access.
    env: { REGION_API_URL: 'https://region.invalid/generation/v1' },
  });
});

afterAll(async () => {
  await services?.close();
  setStderrLogging(true);
  rmSync(dataDir, { recursive: true, force: true });
});

async function codeOf(channel: string): Promise<string> {
  const result = await services.dispatch(channel, -1);
  return result.ok ? 'OK' : result.error.code;
}

describe('role matrix over every channel', () => {
  it('has at least one public channel and refuses all others before sign-in (UNAUTHENTICATED)', async () => {
    await signInAs(services, 'administrator');
    await signOut(services);
    for (const channel of CHANNELS) {
      const expected = contract[channel].access === 'public' ? 'INVALID_INPUT' : 'UNAUTHENTICATED';
      expect(await codeOf(channel), channel).toBe(expected);
    }
  });

  it.each(StaffRole.options)('%s: allowed exactly where access says, FORBIDDEN elsewhere', async (role) => {
    await signInAs(services, role);
    let allowed = 0;
    for (const channel of CHANNELS) {
      const may = roleMayCall(contract[channel].access, role);
      if (may) allowed += 1;
      expect(await codeOf(channel), `${role} → ${channel}`).toBe(may ? 'INVALID_INPUT' : 'FORBIDDEN');
    }
    expect(allowed).toBeGreaterThan(0);
  });

  it('answers LOCKED on every non-public channel while the session is locked', async () => {
    await signInAs(services, 'secretariat');
    services.lockSession('os');
    for (const channel of CHANNELS) {
      const expected = contract[channel].access === 'public' ? 'INVALID_INPUT' : 'LOCKED';
      expect(await codeOf(channel), channel).toBe(expected);
    }
  });

  it('refuses a valid pre-validation decision to the antenna, and settings to the secretariat, in French', async () => {
    await signInAs(services, 'antenna');
    const draft = {
      requestId: '6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b',
      seenVersion: 1,
      decision: 'PREVALIDATED',
      photoVerdict: 'COMPLIANT',
      reasonCodes: [],
    };
    expect(await services.dispatch('decisions:record', draft)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Action refusée : votre rôle (antenne) ne permet pas cette opération.' },
    });
    expect(await services.dispatch('requests:queue', { filter: { view: 'all' }, offset: 0, limit: 10 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // What the antenna is for: status look-up.
    expect(await services.dispatch('students:search', { query: 'dupont' })).toMatchObject({ ok: true });
    await signInAs(services, 'secretariat');
    expect(await services.dispatch('settings:get', undefined)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await services.dispatch('audit:list', { filter: {}, offset: 0, limit: 10 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
