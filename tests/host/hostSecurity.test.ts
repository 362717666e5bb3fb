/**
 * The headless host's access rules over real HTTP: loopback only, the run's token compared in
 * constant time, CORS closed (no Access-Control-Allow-Origin, other origins refused), and the same
 * session and role checks as the Electron app, since both go through the one dispatcher.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenMatches } from '../../host/apiRoute';
import { setStderrLogging } from '../../electron/main/services/log/logger';
import { startHeadlessHost, type HeadlessHost } from '../../host/startHost';
import { TEST_STORE_KEY } from '../store/tempDir';
import { hostDispatcher, signInAs, signOut } from '../support/staffSession';

let dataDir: string;
let host: HeadlessHost;

beforeAll(async () => {
  setStderrLogging(false);
  dataDir = mkdtempSync(join(tmpdir(), 'hdf-host-sec-'));
  host = await startHeadlessHost({
    dataDir,
    rendererDir: join(dataDir, 'no-renderer'),
    env: { REGION_API_URL: 'https://region.invalid/generation/v1' },
    storeKey: TEST_STORE_KEY,
  });
});

afterAll(async () => {
  await host?.close();
  setStderrLogging(true);
  rmSync(dataDir, { recursive: true, force: true });
});

function post(channel: string, input: unknown, headers: Record<string, string> = {}) {
  return fetch(`${host.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, ...headers },
    body: JSON.stringify(input === undefined ? {} : { input }),
  });
}

function canConnect(hostname: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('headless host security', () => {
  it('listens on 127.0.0.1 only', async () => {
    const url = new URL(host.origin);
    expect(url.hostname).toBe('127.0.0.1');
    const port = Number(url.port);
    expect(await canConnect('127.0.0.1', port)).toBe(true);
    // Another loopback address of the same machine is not served: the socket is bound to one address.
    expect(await canConnect('127.0.0.2', port)).toBe(false);
  });

  it('compares tokens in constant time, whatever their length', () => {
    expect(tokenMatches(host.token, `Bearer ${host.token}`)).toBe(true);
    expect(tokenMatches(host.token, `Bearer ${host.token.slice(0, -1)}`)).toBe(false);
    expect(tokenMatches(host.token, `Bearer ${host.token}0`)).toBe(false);
    expect(tokenMatches(host.token, `Bearer ${'x'.repeat(10_000)}`)).toBe(false);
    expect(tokenMatches(host.token, host.token)).toBe(false);
    expect(tokenMatches(host.token, undefined)).toBe(false);
  });

  it('keeps CORS closed: another origin (even another loopback port or « null ») is refused, no ACAO header', async () => {
    const otherPort = `http://127.0.0.1:${Number(new URL(host.origin).port) + 1}`;
    for (const origin of ['https://evil.example', otherPort, 'null', host.origin.replace('127.0.0.1', 'localhost')]) {
      const response = await post('app:info', undefined, { origin });
      expect(response.status, origin).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
    const own = await post('app:info', undefined, { origin: host.origin });
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBeNull();
    // A CORS preflight gets no permission either.
    const preflight = await fetch(`${host.origin}/api/app:info`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(404);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('applies the same session and role checks as the Electron app', async () => {
    const api = hostDispatcher(host.origin, host.token);
    await signInAs(api, 'antenna');
    await signOut(api);
    const search = { query: 'martin' };
    expect(await (await post('students:search', search)).json()).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    await signInAs(api, 'antenna');
    expect(await (await post('students:search', search)).json()).toMatchObject({ ok: true });
    expect(await (await post('requests:queue', { filter: { view: 'all' }, offset: 0, limit: 5 })).json()).toMatchObject(
      {
        ok: false,
        error: { code: 'FORBIDDEN' },
      },
    );
    host.services.lockSession('os');
    expect(await (await post('students:search', search)).json()).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
    // Public channels still answer (the lock screen needs them), nothing else.
    expect(await (await post('auth:session', undefined)).json()).toMatchObject({
      ok: true,
      value: { state: 'locked', member: { role: 'antenna' } },
    });
  });
});
