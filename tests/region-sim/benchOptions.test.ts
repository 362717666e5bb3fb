/**
 * The simulator options the benchmarks rely on: one UAI, distinct ~60 KB photos, a raised rate
 * limit, and the CLI's `--json` line for a simulator running in a child process.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../region-sim/index';
import { distinctPhotoBytes } from '../../region-sim/photos/distinctPhotos';
import { buildPhotoPool } from '../../region-sim/photos/photoPool';
import { RequestChangesPage, RequestSnapshot } from '../../shared/region-api/schemas';

const TARGET_KB = 60;
const ROOT = path.resolve(import.meta.dirname, '../..');

async function token(sim: Pick<RunningSimulator, 'baseUrl' | 'clients'>): Promise<string> {
  const { clientId, clientSecret } = sim.clients.establishment;
  const res = await fetch(`${sim.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function allRequests(sim: RunningSimulator, bearer: string) {
  const items = [];
  for (const uai of sim.clients.establishment.uais) {
    let cursor: string | null = null;
    for (;;) {
      const query: string = `limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await fetch(`${sim.baseUrl}/establishments/${uai}/requests/changes?${query}`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
      expect(res.status).toBe(200);
      const page = RequestChangesPage.parse(await res.json());
      items.push(...page.items.map((item) => RequestSnapshot.parse(item)));
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
  }
  return items;
}

describe('distinct photos of about 60 KB', () => {
  let sim: RunningSimulator;
  let bearer: string;

  beforeAll(async () => {
    sim = await startSimulator({ requests: 80, seed: 4, photos: 'distinct', photoKb: TARGET_KB });
    bearer = await token(sim);
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('gives every photo its own SHA-256 near the target size, served with exactly those bytes, decodable', async () => {
    const photos = (await allRequests(sim, bearer)).flatMap((item) =>
      'photo' in item && item.photo ? [item.photo] : [],
    );
    expect(photos.length).toBeGreaterThan(60);
    expect(new Set(photos.map((p) => p.sha256)).size).toBe(photos.length);
    const types = new Set<string>();
    for (const photo of photos) {
      expect(Math.abs(photo.bytes - TARGET_KB * 1024)).toBeLessThanOrEqual(64);
      const res = await fetch(`${sim.baseUrl}/photos/${photo.id}`, { headers: { authorization: `Bearer ${bearer}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(photo.contentType);
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.length).toBe(photo.bytes);
      expect(createHash('sha256').update(body).digest('hex')).toBe(photo.sha256);
      // A full decode (not just the header): padding must not corrupt the image data.
      const decoded = await sharp(body, { failOn: 'error' }).raw().toBuffer({ resolveWithObject: true });
      expect(decoded.info.width).toBe(photo.width);
      expect(decoded.info.height).toBe(photo.height);
      types.add(photo.contentType);
    }
    // Both the JPEG (COM segments) and the PNG (tEXt chunk) paddings were exercised.
    expect(types).toEqual(new Set(['image/jpeg', 'image/png']));
  });

  it('derives the padding from the request id alone: same id, same bytes; another id, other bytes', async () => {
    const pool = await buildPhotoPool(1);
    for (const base of pool.slice(0, 3).concat(pool.filter((p) => p.contentType === 'image/png'))) {
      const a = distinctPhotoBytes(base, 'request-a', TARGET_KB * 1024);
      expect(distinctPhotoBytes(base, 'request-a', TARGET_KB * 1024).equals(a)).toBe(true);
      expect(distinctPhotoBytes(base, 'request-b', TARGET_KB * 1024).equals(a)).toBe(false);
      expect(a.length).toBe(TARGET_KB * 1024);
      // Smaller than the pool image: still distinct, a little larger than the original.
      const tiny = distinctPhotoBytes(base, 'request-a', 100);
      expect(tiny.length).toBeGreaterThan(base.data.length);
      expect(tiny.length).toBeLessThan(base.data.length + 64);
      const meta = await sharp(tiny, { failOn: 'error' }).raw().toBuffer({ resolveWithObject: true });
      expect(meta.info.width).toBe(base.width);
    }
  });
});

describe('one UAI and a raised rate limit', () => {
  it('gives the client the lycée alone, with every request on it, and announces the raised limit', async () => {
    const two = await startSimulator({ requests: 50, seed: 9 });
    const one = await startSimulator({ requests: 50, seed: 9, uais: 1, rateLimitPerMinute: 100_000 });
    try {
      expect(two.clients.establishment.uais).toHaveLength(2);
      expect(one.clients.establishment.uais).toEqual(two.clients.establishment.uais.slice(0, 1));
      const bearer = await token(one);
      const me = await fetch(`${one.baseUrl}/me`, { headers: { authorization: `Bearer ${bearer}` } });
      expect(me.headers.get('ratelimit-limit')).toBe('100000');
      const body = (await me.json()) as { establishments: Array<{ uai: string }> };
      expect(body.establishments.map((e) => e.uai)).toEqual(one.clients.establishment.uais);
      const requests = await allRequests(one, bearer);
      expect(requests).toHaveLength(50);
      expect(
        requests.every((r) => 'establishmentUai' in r && r.establishmentUai === one.clients.establishment.uais[0]),
      ).toBe(true);
      const twoRequests = await allRequests(two, await token(two));
      expect(new Set(twoRequests.map((r) => ('establishmentUai' in r ? r.establishmentUai : null))).size).toBe(2);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});

describe('cli --json in a child process', () => {
  it('prints one JSON line a parent can use, answers the admin over HTTP and exits when its stdin ends', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'region-sim/cli.ts',
        '--json',
        '--port',
        '0',
        '--requests',
        '20',
        '--uais',
        '1',
        '--exit-on-stdin-end',
        '--quiet',
      ],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const info = JSON.parse(line) as Pick<RunningSimulator, 'baseUrl' | 'clients' | 'adminToken' | 'dataFile'>;
      expect(info.clients.establishment.uais).toHaveLength(1);
      expect(info.dataFile).toMatch(/\.sqlite$/);
      await token(info);
      const root = info.baseUrl.replace(/\/generation\/v1$/, '');
      const res = await fetch(`${root}/__sim/admin/callCount`, {
        method: 'POST',
        headers: { authorization: `Bearer ${info.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ args: ['token'] }),
      });
      expect(await res.json()).toEqual({ result: 1 });
      const exited = once(child, 'exit');
      child.stdin.end();
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});
