/**
 * The Region transport against the real simulator: a connection never opens more than the 4
 * sockets the Region allows (JSON and photo calls together), and calls go through a real loopback
 * proxy when one is configured (explicitly, or from HTTPS_PROXY/HTTP_PROXY/NO_PROXY).
 */
import { type Got } from 'got';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../region-sim';
import { Me, RequestChangesPage } from '../../shared/region-api/schemas';
import { setStderrLogging } from '../../electron/main/services/log/logger';
import {
  ProxyUrlError,
  REGION_MAX_SOCKETS,
  createProxyAgents,
  destroyAgents,
  proxyFromEnv,
  type RegionAgents,
} from '../../electron/main/services/region/httpAgent';
import { RegionUnreachableError } from '../../electron/main/services/region/regionErrors';
import { createRegionHttp, requestBuffer, requestJson } from '../../electron/main/services/region/regionHttp';
import { createTokenProvider, withToken, type TokenProvider } from '../../electron/main/services/region/tokenProvider';
import { startCountingRelay, startLoopbackProxy, type LoopbackProxy } from './loopbackProxy';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

let sim: Sim;
let simPort: number;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  setStderrLogging(false);
  sim = await startSimulator({ requests: 50, seed: 3 });
  simPort = Number(new URL(sim.baseUrl).port);
}, 30_000);

afterAll(async () => {
  await sim.close();
  setStderrLogging(true);
});

afterEach(async () => {
  sim.faults.reset();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function connection(baseUrl: string, agents: RegionAgents): { http: Got; tokens: TokenProvider } {
  cleanups.push(() => destroyAgents(agents));
  const http = createRegionHttp({ baseUrl, userAgent: 'transport-test', agent: agents });
  const { clientId, clientSecret } = sim.clients.establishment;
  return { http, tokens: createTokenProvider({ http, clientId, clientSecret }) };
}

function getMe(conn: { http: Got; tokens: TokenProvider }) {
  return withToken(conn.tokens, (token) =>
    requestJson(conn.http, { path: 'me', headers: { authorization: `Bearer ${token}` } }, Me),
  );
}

async function proxy(options: Parameters<typeof startLoopbackProxy>[0] = {}): Promise<LoopbackProxy> {
  const started = await startLoopbackProxy(options);
  cleanups.push(() => started.close());
  return started;
}

describe('connection limit', () => {
  it('opens at most 4 sockets to the Region under 20 concurrent JSON and photo calls, and reuses them', async () => {
    const relay = await startCountingRelay(simPort);
    cleanups.push(() => relay.close());
    sim.faults.configure({ seed: 9, latencyMs: { min: 40, max: 80 } });
    const conn = connection(sim.baseUrl.replace(`:${simPort}/`, `:${relay.port}/`), createProxyAgents(null));
    const token = await conn.tokens.getToken();
    const uai = sim.clients.establishment.uais[0] as string;
    const page = await requestJson(
      conn.http,
      { path: `establishments/${uai}/requests/changes?limit=50`, headers: { authorization: `Bearer ${token}` } },
      RequestChangesPage,
    );
    const photoIds = page.body.items
      .map((item) => (item as { photo?: { id?: string } | null }).photo?.id)
      .filter((id): id is string => typeof id === 'string')
      .slice(0, 10);
    expect(photoIds.length).toBe(10);

    const calls = [
      ...Array.from({ length: 10 }, () => getMe(conn).then((r) => r.status)),
      ...photoIds.map((id) =>
        requestBuffer(conn.http, { path: `photos/${id}`, headers: { authorization: `Bearer ${token}` } }).then(
          (r) => r.status,
        ),
      ),
    ];
    const statuses = await Promise.all(calls);

    expect(statuses).toEqual(Array.from({ length: 20 }, () => 200));
    expect(relay.maxOpen()).toBe(REGION_MAX_SOCKETS);
    expect(relay.total()).toBeLessThanOrEqual(REGION_MAX_SOCKETS);
  });

  it('keeps the same bound through a proxy: at most 4 tunnels under 20 concurrent calls', async () => {
    const via = await proxy();
    sim.faults.configure({ seed: 10, latencyMs: { min: 40, max: 80 } });
    const conn = connection(sim.baseUrl, createProxyAgents(via.url));
    const statuses = await Promise.all(Array.from({ length: 20 }, () => getMe(conn).then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(via.maxOpenTunnels()).toBeLessThanOrEqual(REGION_MAX_SOCKETS);
    expect(via.connects()).toBeLessThanOrEqual(REGION_MAX_SOCKETS);
    expect(via.connects()).toBeGreaterThan(1);
  });
});

describe('proxies', () => {
  it('sends every call (token included) through an explicitly configured proxy', async () => {
    const via = await proxy();
    const conn = connection(sim.baseUrl, createProxyAgents(via.url));
    const me = await getMe(conn);
    expect(me.status).toBe(200);
    expect(via.connects()).toBeGreaterThanOrEqual(1);
    expect(new Set(via.targets)).toEqual(new Set([`127.0.0.1:${simPort}`]));
  });

  it('follows HTTP_PROXY for a named Region host that only the proxy can resolve', async () => {
    const via = await proxy({ hosts: { [`region-api.test:${simPort}`]: `127.0.0.1:${simPort}` } });
    const baseUrl = sim.baseUrl.replace('127.0.0.1', 'region-api.test');
    const env = { HTTP_PROXY: via.url, NO_PROXY: 'localhost,.intranet.example' };
    expect(proxyFromEnv(baseUrl, env)).toBe(via.url);

    const conn = connection(baseUrl, createProxyAgents(proxyFromEnv(baseUrl, env)));
    expect((await getMe(conn)).status).toBe(200);
    expect(via.targets).toContain(`region-api.test:${simPort}`);
  });

  it('connects directly when NO_PROXY names the host (and the call then fails here, as the name is unknown)', async () => {
    const via = await proxy({ hosts: { [`region-api.test:${simPort}`]: `127.0.0.1:${simPort}` } });
    const baseUrl = sim.baseUrl.replace('127.0.0.1', 'region-api.test');
    const env = { HTTP_PROXY: via.url, NO_PROXY: 'region-api.test' };
    expect(proxyFromEnv(baseUrl, env)).toBeNull();
    const conn = connection(baseUrl, createProxyAgents(proxyFromEnv(baseUrl, env)));
    await expect(getMe(conn)).rejects.toBeInstanceOf(RegionUnreachableError);
    expect(via.targets).toEqual([]);
  });

  it('never proxies loopback: the demo simulator is reached directly even with HTTP_PROXY set', async () => {
    const via = await proxy();
    const env = { HTTP_PROXY: via.url, HTTPS_PROXY: via.url };
    expect(proxyFromEnv(sim.baseUrl, env)).toBeNull();
    const conn = connection(sim.baseUrl, createProxyAgents(proxyFromEnv(sim.baseUrl, env)));
    expect((await getMe(conn)).status).toBe(200);
    expect(via.targets).toEqual([]);
  });

  it('sends Basic credentials taken from the proxy URL; wrong ones fail as unreachable', async () => {
    const via = await proxy({ basic: { user: 'etab', password: 'p@ss:wörd' } });
    const good = `http://etab:${encodeURIComponent('p@ss:wörd')}@${via.url.slice('http://'.length)}`;
    expect((await getMe(connection(sim.baseUrl, createProxyAgents(good)))).status).toBe(200);

    const bad = `http://etab:nope@${via.url.slice('http://'.length)}`;
    await expect(getMe(connection(sim.baseUrl, createProxyAgents(bad)))).rejects.toBeInstanceOf(RegionUnreachableError);
  });

  it('fails every call of a burst quickly when the proxy refuses us (no call left waiting for a socket)', async () => {
    const via = await proxy({ basic: { user: 'etab', password: 'right' } });
    const conn = connection(sim.baseUrl, createProxyAgents(`http://etab:wrong@${via.url.slice('http://'.length)}`));
    const started = performance.now();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, () =>
        requestJson(conn.http, { method: 'POST', path: 'oauth/token', form: { grant_type: 'client_credentials' } }, Me),
      ),
    );
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof RegionUnreachableError)).toBe(true);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(via.maxOpenTunnels()).toBe(0);
  });

  it('refuses proxy URLs it cannot use, without echoing credentials', () => {
    for (const url of ['socks5://user:secret@proxy:1080', 'proxy.lycee.fr:3128', '']) {
      expect(() => createProxyAgents(url)).toThrow(ProxyUrlError);
    }
    try {
      createProxyAgents('socks5://user:secret@proxy:1080');
    } catch (error) {
      expect(String(error)).not.toContain('secret');
    }
  });
});

describe('proxyFromEnv', () => {
  const env = {
    HTTP_PROXY: 'http://proxy.lycee.fr:3128',
    HTTPS_PROXY: 'http://secure-proxy.lycee.fr:8080',
  };
  it.each([
    ['https://region-api.example/generation/v1', env, 'http://secure-proxy.lycee.fr:8080'],
    ['http://region-api.example/generation/v1', env, 'http://proxy.lycee.fr:3128'],
    ['https://region-api.example/v1', { https_proxy: 'http://lower:1' }, 'http://lower:1'],
    ['https://region-api.example/v1', {}, null],
    ['https://region-api.example/v1', { HTTP_PROXY: 'http://only-http:1' }, null],
    ['https://region-api.example/v1', { ...env, NO_PROXY: 'region-api.example' }, null],
    ['https://api.region-api.example/v1', { ...env, NO_PROXY: '.region-api.example' }, null],
    ['https://api.region-api.example/v1', { ...env, NO_PROXY: 'region-api.example' }, null],
    [
      'https://notregion-api.example/v1',
      { ...env, NO_PROXY: 'region-api.example' },
      'http://secure-proxy.lycee.fr:8080',
    ],
    [
      'https://region-api.example/v1',
      { ...env, NO_PROXY: 'region-api.example:8443' },
      'http://secure-proxy.lycee.fr:8080',
    ],
    ['https://region-api.example:8443/v1', { ...env, no_proxy: 'foo, region-api.example:8443' }, null],
    ['https://region-api.example/v1', { ...env, NO_PROXY: '*' }, null],
    ['http://127.0.0.1:4010/generation/v1', env, null],
    ['http://127.0.0.5:4010/generation/v1', env, null],
    ['http://localhost:4010/generation/v1', env, null],
    ['http://[::1]:4010/generation/v1', env, null],
  ])('%s with %o → %s', (url, vars, expected) => {
    expect(proxyFromEnv(url, vars)).toBe(expected);
  });
});
