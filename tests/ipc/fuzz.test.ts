/**
 * Fuzzes every contract channel of a real headless host in demo mode, both through `dispatch` and
 * over HTTP: every answer must be a well-formed Result, the host must keep answering, and nothing
 * may be written (settings and secrets unchanged, row counts unchanged, no new files).
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { openStoreConnection } from '../../electron/main/services/store/openDatabase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHANNELS, contract, type Channel } from '../../shared/ipc/contract';
import { resultSchema, type Result } from '../../shared/ipc/result';
import { setStderrLogging } from '../../electron/main/services/log/logger';
import { startHeadlessHost, type HeadlessHost } from '../../host/startHost';
import { distinctiveStrings, fuzzPayload, mulberry32 } from './fuzzPayloads';
import { signInAs } from '../support/staffSession';
import { TEST_STORE_KEY } from '../store/tempDir';

const SEED = 0x5eed_2026;
const PAYLOADS_PER_CHANNEL = 150;
const AnyResult = resultSchema(z.unknown());

let root: string;
let dataDir: string;
let host: HeadlessHost;

beforeAll(async () => {
  setStderrLogging(false);
  root = mkdtempSync(join(tmpdir(), 'hdf-fuzz-'));
  dataDir = join(root, 'data');
  const rendererDir = join(root, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>HDF</title>');
  writeFileSync(join(root, 'secret.txt'), 'outside the renderer');
  host = await startHeadlessHost({
    dataDir,
    rendererDir,
    env: {},
    storeKey: TEST_STORE_KEY,
    demo: { requests: 30, seed: 7 },
  });
  // The administrator may call every channel, so every handler is reached (role refusals are the
  // role matrix test's subject).
  await signInAs(host.services, 'administrator');
  // First contact before the snapshot: caching /me is the one expected write of a connection check.
  const first = await host.services.dispatch('sync:checkConnection', undefined);
  expect(first).toMatchObject({ ok: true, value: { connection: 'online' } });
  // The start-up sync (feeds, photos) is the other expected write: let it finish first. A manual run
  // is single-flight with it, so this returns once the store is caught up.
  const synced = await host.services.dispatch('sync:run', undefined);
  expect(synced).toMatchObject({ ok: true, value: { phase: 'idle' } });
  // The photo checks that follow a sync write their results (a cache by photo hash): let them finish.
  for (let i = 0; i < 600; i += 1) {
    const photoStatus = await host.services.dispatch('photos:checkStatus', undefined);
    if (photoStatus.ok && (photoStatus.value as { pending: number }).pending === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

afterAll(async () => {
  await host?.close();
  setStderrLogging(true);
  if (root) rmSync(root, { recursive: true, force: true });
});

interface StateSnapshot {
  settingsHash: string;
  secrets: string;
  rowCounts: Record<string, number>;
  files: string[];
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listFiles(full));
    else out.push(relative(dataDir, full));
  }
  return out.sort();
}

function snapshot(): StateSnapshot {
  const db = openStoreConnection(join(dataDir, 'hdf.sqlite'), TEST_STORE_KEY, { readonly: true, fileMustExist: true });
  try {
    const settings = db.prepare('SELECT key, value FROM settings ORDER BY key').all();
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[];
    const rowCounts: Record<string, number> = {};
    for (const { name } of tables) {
      rowCounts[name] = (
        db.prepare(`SELECT COUNT(*) AS n FROM "${name.replaceAll('"', '""')}"`).get() as { n: number }
      ).n;
    }
    const secretsFile = join(dataDir, 'secrets.json');
    return {
      settingsHash: createHash('sha256').update(JSON.stringify(settings)).digest('hex'),
      secrets: existsSync(secretsFile)
        ? createHash('sha256').update(readFileSync(secretsFile)).digest('hex')
        : 'absent',
      rowCounts,
      files: listFiles(dataDir),
    };
  } finally {
    db.close();
  }
}

function expectWellFormed(channel: Channel, result: unknown, payload: unknown): void {
  const parsed = AnyResult.safeParse(result);
  expect(parsed.success, `${channel}: not a Result: ${JSON.stringify(result)?.slice(0, 200)}`).toBe(true);
  const typed = result as Result<unknown>;
  if (typed.ok) {
    expect(contract[channel].output.safeParse(typed.value).success, `${channel}: value breaks the contract`).toBe(true);
    return;
  }
  expect(typed.error.message.length).toBeGreaterThan(0);
  // A bad input is the caller's fault: INVALID_INPUT, never an internal failure of a handler.
  expect(typed.error.code, `${channel}: ${typed.error.code}`).not.toBe('INTERNAL');
  for (const fragment of distinctiveStrings(payload)) {
    expect(typed.error.message, `${channel}: error message echoes the input`).not.toContain(fragment);
  }
}

/**
 * Writes are exercised by the services, sync, workspace and auth tests; here the valid payloads of
 * WRITING_CHANNELS (settings update, sync run, saved workspace state, sign-in/out, staff, audited exports) are not sent. Valid decision payloads are sent: they name
 * requests and decisions this store does not have, so they must be refused without writing.
 */
const WRITING_CHANNELS: ReadonlySet<Channel> = new Set<Channel>([
  'settings:update',
  'sync:run',
  'workspace:setState',
  // A valid sign-in with a wrong password counts a failure (and waits); sign-out and lock end the
  // session the fuzzing runs under; adding staff and the idle delay write; an export is audited.
  'auth:signIn',
  'auth:signOut',
  'auth:lock',
  'staff:add',
  'auth:setIdleLock',
  'decisions:exportPending',
  'audit:export',
  // Audited: each export appends to the audit log.
  'revalidations:exportToday',
  // A look-up the Region cannot answer now is queued for the next sync (card_lookups).
  'cards:lookupRemote',
  // The purge deletes and reports; the delay is a setting.
  'retention:purge',
  'retention:updateSettings',
]);

function mayWrite(channel: Channel, payload: unknown): boolean {
  if (!WRITING_CHANNELS.has(channel)) return false;
  // Also as it arrives over HTTP: JSON drops undefined members, which can make an invalid payload valid.
  const overHttp = payload === undefined ? undefined : (JSON.parse(JSON.stringify(payload)) as unknown);
  return contract[channel].input.safeParse(payload).success || contract[channel].input.safeParse(overHttp).success;
}

async function postApi(channel: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${host.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, ...headers },
    body,
  });
  return {
    status: response.status,
    json: (await response.json()) as unknown,
    cors: response.headers.get('access-control-allow-origin'),
  };
}

describe('IPC fuzz', () => {
  it('answers a well-formed Result to every random payload on every channel, writing nothing', async () => {
    const before = snapshot();
    const rng = mulberry32(SEED);
    let sent = 0;
    let refused = 0;
    for (const channel of CHANNELS) {
      for (let i = 0; i < PAYLOADS_PER_CHANNEL; i += 1) {
        const payload = fuzzPayload(rng, channel);
        if (mayWrite(channel, payload)) continue;
        const viaDispatch = await host.services.dispatch(channel, payload);
        expectWellFormed(channel, viaDispatch, payload);

        const body = payload === undefined ? '{}' : JSON.stringify({ input: payload });
        const overHttp = await postApi(channel, body);
        expect(overHttp.cors).toBeNull();
        if (Buffer.byteLength(body) > 1024 * 1024) {
          expect(overHttp.status).toBe(413);
        } else {
          expect(overHttp.status, `${channel} over HTTP`).toBe(200);
          expectWellFormed(channel, overHttp.json, payload);
        }
        sent += 1;
        if (!viaDispatch.ok) refused += 1;
      }
    }
    expect(sent).toBeGreaterThan(CHANNELS.length * PAYLOADS_PER_CHANNEL * 0.9);
    // The payloads must mostly be invalid, or the fuzzing proves little.
    expect(refused).toBeGreaterThan(sent / 2);

    // Still alive, and nothing changed on disk.
    expect(await host.services.dispatch('store:stats', undefined)).toMatchObject({ ok: true });
    expect((await postApi('settings:get', '{}')).json).toMatchObject({ ok: true, value: { mode: 'demo' } });
    expect(snapshot()).toEqual(before);
    // 150 payloads × 2 transports × every channel (over fifty now): more than the default 30 s here.
  }, 180_000);

  it('answers INVALID_INPUT to malformed bodies and garbage bytes', async () => {
    const rng = mulberry32(SEED + 1);
    const bodies = [
      '{',
      '{"input":',
      'null',
      '[]',
      '"input"',
      '{"input":1,"input2":2}',
      '{"__proto__":{"input":1}}',
      '['.repeat(50_000),
    ];
    for (let i = 0; i < 30; i += 1) {
      bodies.push(
        Array.from({ length: 1 + Math.floor(rng() * 300) }, () => String.fromCharCode(Math.floor(rng() * 256))).join(
          '',
        ),
      );
    }
    for (const body of bodies) {
      const answer = await postApi('students:search', body);
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });

  it('refuses missing or wrong tokens (401), other origins (403), big bodies (413), unknown channels', async () => {
    expect((await postApi('settings:get', '{}', { authorization: '' })).status).toBe(401);
    const wrong = await postApi('settings:get', '{}', { authorization: `Bearer ${'f'.repeat(64)}` });
    expect(wrong).toMatchObject({ status: 401, json: { ok: false, error: { code: 'UNAUTHORIZED' } } });
    expect((await postApi('settings:get', '{}', { origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await postApi('settings:get', '{}', { origin: 'null' })).status).toBe(403);
    const big = await postApi('students:search', JSON.stringify({ input: { query: 'é'.repeat(600_000) } }));
    expect(big.status).toBe(413);
    expect((await postApi('__proto__', '{}')).json).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect((await postApi('students%3Asearch%00', '{}')).json).toMatchObject({ error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('refuses path traversal on static files', async () => {
    const { hostname, port } = new URL(host.origin);
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/./index.html',
    ]) {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest({ hostname, port, path, method: 'GET' }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status, path).toBe(404);
    }
  });
});
