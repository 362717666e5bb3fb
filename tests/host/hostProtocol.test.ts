/**
 * The headless host's HTTP protocol, over real HTTP. Live mode without credentials keeps the
 * Region out of the picture: these tests are about the transport.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../host/securityHeaders';
import { startHeadlessHost, type HeadlessHost } from '../../host/startHost';
import { TEST_STORE_KEY } from '../store/tempDir';
import { signInAs } from '../support/staffSession';

const LIVE_UNCONFIGURED = { REGION_API_URL: 'https://region.invalid/generation/v1' };

let dataDir: string;
let rendererDir: string;
let parentDir: string;
let host: HeadlessHost;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hdf-host-'));
  // The renderer folder has a sibling file, so a traversal that worked would find something.
  parentDir = mkdtempSync(join(tmpdir(), 'hdf-renderer-'));
  rendererDir = join(parentDir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>HDF</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(parentDir, 'outside.txt'), 'must not be served');
  host = await startHeadlessHost({ dataDir, rendererDir, env: LIVE_UNCONFIGURED, storeKey: TEST_STORE_KEY });
  // The token opens the transport; the channels still need the workstation's signed-in member.
  await signInAs(host.services, 'administrator');
});

afterAll(async () => {
  await host?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(parentDir, { recursive: true, force: true });
});

function api(channel: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${host.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Raw request, for paths fetch would normalise (`..`) before sending. */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(host.origin);
    // An options object keeps the path byte for byte (a URL string would be normalised).
    const req = httpRequest({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('headless host', () => {
  it('listens on loopback with a 32-byte hex token in the URL', () => {
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the renderer with the CSP and security headers, and correct MIME types', async () => {
    const index = await fetch(`${host.origin}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(index.headers.get('referrer-policy')).toBe('no-referrer');
    expect(index.headers.get('access-control-allow-origin')).toBeNull();
    expect(await index.text()).toContain('<title>HDF</title>');
    expect((await fetch(`${host.origin}/assets/app.js`)).headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${host.origin}/assets/app.css`)).headers.get('content-type')).toContain('text/css');
  });

  it('refuses directory listings, traversal and unknown files', async () => {
    for (const path of [
      '/assets',
      '/assets/',
      '/../outside.txt',
      '/assets/../../outside.txt',
      '/%2e%2e/outside.txt',
      '/..%2foutside.txt',
      '/assets%2f..%2f..%2foutside.txt',
      '/%00index.html',
    ]) {
      const answer = await rawGet(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body).not.toContain('must not be served');
    }
  });

  it('answers a Result for a valid call with the token', async () => {
    const response = await api('settings:get', {});
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const body = (await response.json()) as { ok: boolean; value: { mode: string } };
    expect(body).toMatchObject({ ok: true, value: { mode: 'live', hasClientSecret: false } });
    const status = (await (await api('sync:checkConnection', { input: {} })).json()) as {
      value: { connection: string };
    };
    expect(status.value.connection).toBe('unconfigured');
  });

  it('answers 401 without a token or with a wrong one', async () => {
    for (const authorization of [undefined, 'Bearer ', `Bearer ${'0'.repeat(64)}`, host.token, `Basic ${host.token}`]) {
      const response = await fetch(`${host.origin}/api/settings:get`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization !== undefined ? { authorization } : {}) },
        body: '{}',
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('refuses another origin with 403, accepts its own', async () => {
    const foreign = await api('settings:get', {}, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect((await api('settings:get', {}, { origin: host.origin })).status).toBe(200);
  });

  it('answers UNKNOWN_CHANNEL, INVALID_INPUT for bad JSON or envelopes, 413 above 1 MiB', async () => {
    expect(await (await api('students:delete', {})).json()).toMatchObject({ error: { code: 'UNKNOWN_CHANNEL' } });
    for (const body of ['{not json', '[]', '"x"', '{"input":{},"other":1}', '{"input":{"query":5}}']) {
      const response = await api('students:search', body);
      expect(response.status, body).toBe(200);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    const huge = await api('students:search', JSON.stringify({ input: { query: 'x'.repeat(1024 * 1024 + 10) } }));
    expect(huge.status).toBe(413);
    // Still answering afterwards.
    expect((await api('store:stats', {})).status).toBe(200);
  });

  it('answers 404 for other methods and paths', async () => {
    expect((await fetch(`${host.origin}/api/settings:get`)).status).toBe(404);
    expect((await fetch(`${host.origin}/api/settings:get`, { method: 'PUT', body: '{}' })).status).toBe(404);
    expect((await fetch(`${host.origin}/index.html`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${host.origin}/nothing-here.js`)).status).toBe(404);
  });
});

describe('headless host without a built renderer', () => {
  it('answers / with a French 503 page while the API still works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hdf-host-'));
    const bare = await startHeadlessHost({
      dataDir: dir,
      rendererDir: join(dir, 'missing'),
      env: LIVE_UNCONFIGURED,
      storeKey: TEST_STORE_KEY,
    });
    try {
      await signInAs(bare.services, 'secretariat');
      const page = await fetch(`${bare.origin}/`);
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('npm run build:renderer');
      const stats = await fetch(`${bare.origin}/api/store:stats`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bare.token}` },
        body: '{}',
      });
      expect(await stats.json()).toMatchObject({ ok: true, value: { requests: 0, cards: 0 } });
    } finally {
      await bare.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
