/**
 * The Region client's error typing and token rules against a small real HTTP server, for cases the
 * simulator cannot be asked for (a server that never answers, a token that keeps being refused).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { setStderrLogging } from '../../electron/main/services/log/logger';
import { createRegionClient } from '../../electron/main/services/region/regionClient';
import { REFUSED_CREDENTIALS_BACKOFF_MS } from '../../electron/main/services/region/tokenProvider';
import {
  RegionApiError,
  RegionProtocolError,
  RegionUnreachableError,
  parseRetryAfter,
} from '../../electron/main/services/region/regionErrors';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
const servers: Server[] = [];

afterEach(async () => {
  setStderrLogging(true);
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: Handler): Promise<string> {
  setStderrLogging(false);
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => handler(req, res, body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/generation/v1`;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function tokenEndpoint(counter: { tokens: number }, req: IncomingMessage, res: ServerResponse, body: string): boolean {
  if (req.url !== '/generation/v1/oauth/token') return false;
  const form = new URLSearchParams(body);
  if (form.get('client_secret') !== 'right') {
    json(res, 401, {
      type: 'https://region-api.example/problems/oauth-error',
      title: 'Client non reconnu',
      status: 401,
    });
    return true;
  }
  counter.tokens += 1;
  json(res, 200, { access_token: `tok-${counter.tokens}`, token_type: 'Bearer', expires_in: 3600 });
  return true;
}

const Pong = z.object({ pong: z.boolean() });

describe('Region client', () => {
  it('types problem answers with status, problem name and Retry-After', async () => {
    const counter = { tokens: 0 };
    const baseUrl = await serve((req, res, body) => {
      if (tokenEndpoint(counter, req, res, body)) return;
      json(
        res,
        503,
        { type: 'https://region-api.example/problems/service-unavailable', title: 'Indisponible', status: 503 },
        { 'retry-after': '30', 'content-type': 'application/problem+json' },
      );
    });
    const client = createRegionClient({ baseUrl, clientId: 'c', clientSecret: 'right', userAgent: 't' });
    const error = await client.call({ path: 'me' }, Pong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegionApiError);
    expect(error).toMatchObject({ status: 503, problemType: 'service-unavailable', retryAfterS: 30 });
  });

  it('sends the bearer token, reuses it, and shares one token request between concurrent calls', async () => {
    const counter = { tokens: 0 };
    const seen: string[] = [];
    const baseUrl = await serve((req, res, body) => {
      if (tokenEndpoint(counter, req, res, body)) return;
      seen.push(req.headers.authorization ?? '');
      json(res, 200, { pong: true });
    });
    const client = createRegionClient({ baseUrl, clientId: 'c', clientSecret: 'right', userAgent: 't' });
    await Promise.all([client.call({ path: 'ping' }, Pong), client.call({ path: 'ping' }, Pong)]);
    await client.call({ path: 'ping' }, Pong);
    expect(counter.tokens).toBe(1);
    expect(seen).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-1']);
  });

  it('renews once on a 401 and gives up on the second one', async () => {
    const counter = { tokens: 0 };
    let calls = 0;
    const baseUrl = await serve((req, res, body) => {
      if (tokenEndpoint(counter, req, res, body)) return;
      calls += 1;
      json(res, 401, {
        type: 'https://region-api.example/problems/unauthorized',
        title: 'Jeton invalide',
        status: 401,
      });
    });
    const client = createRegionClient({ baseUrl, clientId: 'c', clientSecret: 'right', userAgent: 't' });
    await expect(client.call({ path: 'me' }, Pong)).rejects.toMatchObject({ status: 401, problemType: 'unauthorized' });
    expect(counter.tokens).toBe(2);
    expect(calls).toBe(2);
  });

  it('stops asking for tokens for a while once the credentials were refused', async () => {
    const counter = { tokens: 0 };
    let tokenRequests = 0;
    let calls = 0;
    const baseUrl = await serve((req, res, body) => {
      if (req.url?.endsWith('/oauth/token')) tokenRequests += 1;
      if (tokenEndpoint(counter, req, res, body)) return;
      calls += 1;
      json(res, 401, {
        type: 'https://region-api.example/problems/unauthorized',
        title: 'Jeton invalide',
        status: 401,
      });
    });
    let clock = 1_000_000;
    const wrong = createRegionClient({
      baseUrl,
      clientId: 'c',
      clientSecret: 'wrong',
      userAgent: 't',
      now: () => clock,
    });
    await expect(wrong.call({ path: 'me' }, Pong)).rejects.toMatchObject({ status: 401 });
    await expect(wrong.call({ path: 'me' }, Pong)).rejects.toMatchObject({ status: 401 });
    expect(tokenRequests).toBe(1);
    clock += REFUSED_CREDENTIALS_BACKOFF_MS + 1;
    await expect(wrong.call({ path: 'me' }, Pong)).rejects.toMatchObject({ status: 401 });
    expect(tokenRequests).toBe(2);

    // A token the API keeps refusing: two token requests, then a pause too.
    tokenRequests = 0;
    const revoked = createRegionClient({
      baseUrl,
      clientId: 'c',
      clientSecret: 'right',
      userAgent: 't',
      now: () => clock,
    });
    await expect(revoked.call({ path: 'me' }, Pong)).rejects.toMatchObject({ status: 401 });
    await expect(revoked.call({ path: 'me' }, Pong)).rejects.toMatchObject({ status: 401 });
    expect(tokenRequests).toBe(2);
    expect(calls).toBe(2);
  });

  it('reports a wrong secret as a 401 from the token endpoint, without calling the API', async () => {
    const counter = { tokens: 0 };
    let calls = 0;
    const baseUrl = await serve((req, res, body) => {
      if (tokenEndpoint(counter, req, res, body)) return;
      calls += 1;
      json(res, 200, { pong: true });
    });
    const client = createRegionClient({ baseUrl, clientId: 'c', clientSecret: 'wrong', userAgent: 't' });
    await expect(client.call({ path: 'me' }, Pong)).rejects.toMatchObject({ status: 401, problemType: 'oauth-error' });
    expect(calls).toBe(0);
  });

  it('turns a silent server into a timeout and a contract break into a protocol error', async () => {
    const counter = { tokens: 0 };
    const baseUrl = await serve((req, res, body) => {
      if (tokenEndpoint(counter, req, res, body)) return;
      if (req.url?.endsWith('/slow')) return; // never answers
      json(res, 200, { pong: 'not a boolean' });
    });
    const client = createRegionClient({
      baseUrl,
      clientId: 'c',
      clientSecret: 'right',
      userAgent: 't',
      timeoutMs: 300,
    });
    await expect(client.call({ path: 'slow' }, Pong)).rejects.toEqual(new RegionUnreachableError('timeout'));
    await expect(client.call({ path: 'odd' }, Pong)).rejects.toBeInstanceOf(RegionProtocolError);
  });

  it('reports a closed port as a network error', async () => {
    const baseUrl = await serve(() => undefined);
    const server = servers.pop();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    const client = createRegionClient({ baseUrl, clientId: 'c', clientSecret: 'right', userAgent: 't' });
    await expect(client.call({ path: 'me' }, Pong)).rejects.toMatchObject({
      name: 'RegionUnreachableError',
      reason: 'network',
    });
  });

  it('parses Retry-After in seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter(new Date(61_000).toUTCString(), 1_000)).toBe(60);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});
