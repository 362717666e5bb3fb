/**
 * The photo cache against the real simulator (through a relay when a test needs to count calls in
 * flight or alter bytes), a real SQLite store and real files in a temp dir.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../region-sim';
import { setStderrLogging } from '../../electron/main/services/log/logger';
import {
  deletePhotoIfUnused,
  hasPhoto,
  photoPath,
  readPhoto,
  sha256Hex,
  storePhoto,
  PhotoHashMismatchError,
} from '../../electron/main/services/photos/photoStore';
import { prefetchPhotos } from '../../electron/main/services/photos/prefetchPhotos';
import { createRegionClient, type RegionClient } from '../../electron/main/services/region/regionClient';
import { openDatabase, type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { applyRequestTombstones } from '../../electron/main/services/store/requestsRepo';
import { seedRequestsFromSim, submittedPhotoShas } from './seedFromSim';
import { startSimRelay, type SimRelay } from './simRelay';
import { TEST_STORE_KEY } from '../store/tempDir';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

let sim: Sim;
let dir: string;
let db: AppDatabase;
let photosDir: string;
const relays: SimRelay[] = [];

function clientFor(baseUrl: string): RegionClient {
  const { clientId, clientSecret } = sim.clients.establishment;
  return createRegionClient({ baseUrl, clientId, clientSecret, userAgent: 'photos-test' });
}

async function relay(): Promise<SimRelay> {
  const started = await startSimRelay(sim.baseUrl);
  relays.push(started);
  return started;
}

function filesOnDisk(): string[] {
  return fs.readdirSync(photosDir).sort();
}

beforeAll(async () => {
  setStderrLogging(false);
  sim = await startSimulator({ requests: 300, seed: 11 });
}, 30_000);

afterAll(async () => {
  await sim.close();
  setStderrLogging(true);
});

beforeEach(async () => {
  sim.faults.reset();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'photos-test-'));
  photosDir = path.join(dir, 'photos');
  db = openDatabase({ key: TEST_STORE_KEY, file: path.join(dir, 'app.sqlite') });
  await seedRequestsFromSim(db, clientFor(sim.baseUrl), sim.clients.establishment.uais);
});

afterEach(async () => {
  for (const r of relays.splice(0)) await r.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('prefetchPhotos', () => {
  it('downloads each distinct photo of SUBMITTED requests once, verified, private; a second run calls nothing', async () => {
    const shas = submittedPhotoShas(db);
    expect(shas.length).toBeGreaterThan(5);
    const client = clientFor(sim.baseUrl);
    const before = sim.admin.callCount('photo');
    const progress: Array<[number, number]> = [];

    const first = await prefetchPhotos({ db, client, photosDir, onProgress: (d, t) => progress.push([d, t]) });

    expect(first).toEqual({ downloaded: shas.length, notModified: 0, alreadyCached: 0, failed: 0 });
    expect(sim.admin.callCount('photo') - before).toBe(shas.length);
    expect(progress.at(-1)).toEqual([shas.length, shas.length]);
    expect(filesOnDisk()).toEqual(shas.map((sha) => path.basename(photoPath(db, photosDir, sha))).sort());
    for (const sha of shas) {
      const file = photoPath(db, photosDir, sha);
      // Encrypted at rest: the file is not the photo, its name is not the photo's hash.
      expect(sha256Hex(fs.readFileSync(file))).not.toBe(sha);
      expect(path.basename(file)).not.toBe(sha);
      expect(sha256Hex((await readPhoto(db, photosDir, sha))!.data)).toBe(sha);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(hasPhoto(db, photosDir, sha)).toBe(true);
    }
    const rows = db.sqlite.prepare('SELECT sha256, bytes FROM photos').all() as Array<{
      sha256: string;
      bytes: number;
    }>;
    expect(rows.map((r) => r.sha256).sort()).toEqual([...shas].sort());

    const second = await prefetchPhotos({ db, client, photosDir });
    expect(second).toEqual({ downloaded: 0, notModified: 0, alreadyCached: shas.length, failed: 0 });
    expect(sim.admin.callCount('photo') - before).toBe(shas.length);
  });

  it('ignores photos of requests that are not awaiting pre-validation', async () => {
    const client = clientFor(sim.baseUrl);
    await prefetchPhotos({ db, client, photosDir });
    const otherOnly = db.sqlite
      .prepare(
        `SELECT DISTINCT photo_sha256 AS sha FROM requests WHERE status <> 'SUBMITTED' AND photo_sha256 IS NOT NULL
           AND photo_sha256 NOT IN (SELECT photo_sha256 FROM requests WHERE status = 'SUBMITTED' AND photo_sha256 IS NOT NULL)`,
      )
      .all() as Array<{ sha: string }>;
    for (const { sha } of otherOnly) expect(fs.existsSync(photoPath(db, photosDir, sha))).toBe(false);
  });

  it('fetches again a cached file whose bytes no longer match its hash', async () => {
    const client = clientFor(sim.baseUrl);
    const shas = submittedPhotoShas(db);
    await prefetchPhotos({ db, client, photosDir });
    const victim = shas[0] as string;
    const file = photoPath(db, photosDir, victim);
    const bytes = fs.readFileSync(file);
    bytes[100] = (bytes[100] ?? 0) ^ 0x01; // same size, one bit flipped
    fs.writeFileSync(file, bytes);

    const report = await prefetchPhotos({ db, client, photosDir });

    expect(report).toEqual({ downloaded: 1, notModified: 0, alreadyCached: shas.length - 1, failed: 0 });
    expect(sha256Hex((await readPhoto(db, photosDir, victim))!.data)).toBe(victim);
  });

  it('confirms a verified file found without its row with a conditional GET (304), not a download', async () => {
    const client = clientFor(sim.baseUrl);
    const shas = submittedPhotoShas(db);
    await prefetchPhotos({ db, client, photosDir });
    const orphan = shas[1] as string;
    db.sqlite.prepare('DELETE FROM photos WHERE sha256 = ?').run(orphan);
    const before = sim.admin.callCount('photo');

    const report = await prefetchPhotos({ db, client, photosDir });

    expect(report).toEqual({ downloaded: 0, notModified: 1, alreadyCached: shas.length - 1, failed: 0 });
    expect(sim.admin.callCount('photo') - before).toBe(1);
    expect(hasPhoto(db, photosDir, orphan)).toBe(true);
  });

  it('discards wrong bytes from the server, retries once, then counts the photo as failed without throwing', async () => {
    const shas = submittedPhotoShas(db);
    const via = await relay();
    const idsOf = (sha: string) =>
      new Set(
        (
          db.sqlite.prepare('SELECT photo_id AS id FROM requests WHERE photo_sha256 = ?').all(sha) as Array<{
            id: string;
          }>
        ).map((r) => r.id),
      );
    const onceBad = shas[0] as string;
    const alwaysBad = shas[1] as string;
    const onceBadIds = idsOf(onceBad);
    const alwaysBadIds = idsOf(alwaysBad);
    via.corrupt = (photoId, call) => alwaysBadIds.has(photoId) || (onceBadIds.has(photoId) && call === 1);

    const report = await prefetchPhotos({ db, client: clientFor(via.baseUrl), photosDir });

    expect(report).toEqual({ downloaded: shas.length - 1, notModified: 0, alreadyCached: 0, failed: 1 });
    expect(via.photoCalls()).toBe(shas.length + 2); // one retry for each corrupted photo
    expect(fs.existsSync(photoPath(db, photosDir, alwaysBad))).toBe(false);
    expect(hasPhoto(db, photosDir, alwaysBad)).toBe(false);
    expect(sha256Hex((await readPhoto(db, photosDir, onceBad))!.data)).toBe(onceBad);
    expect(filesOnDisk().filter((name) => name.startsWith('.tmp-'))).toEqual([]);
  });

  it('keeps at most 4 photo calls in flight by default and honours a lower bound', async () => {
    sim.faults.configure({ seed: 5, latencyMs: { min: 30, max: 60 } });
    const shas = submittedPhotoShas(db);
    const first = await relay();
    await prefetchPhotos({ db, client: clientFor(first.baseUrl), photosDir, concurrency: 16 });
    expect(first.photoCalls()).toBe(shas.length);
    expect(first.maxPhotoInFlight()).toBe(4);

    fs.rmSync(photosDir, { recursive: true });
    db.sqlite.prepare('DELETE FROM photos').run();
    const second = await relay();
    await prefetchPhotos({ db, client: clientFor(second.baseUrl), photosDir, concurrency: 2 });
    expect(second.maxPhotoInFlight()).toBe(2);
  });

  it('stops on abort: rejects with the abort reason, leaves no temporary file, and the next run completes', async () => {
    sim.faults.configure({ seed: 6, latencyMs: { min: 20, max: 40 } });
    const client = clientFor(sim.baseUrl);
    const shas = submittedPhotoShas(db);
    const controller = new AbortController();
    const run = prefetchPhotos({
      db,
      client,
      photosDir,
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 3) controller.abort();
      },
    });

    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const kept = filesOnDisk();
    expect(kept.filter((name) => name.startsWith('.tmp-'))).toEqual([]);
    expect(kept.length).toBeGreaterThanOrEqual(3);
    expect(kept.length).toBeLessThan(shas.length);

    sim.faults.reset();
    const rest = await prefetchPhotos({ db, client, photosDir });
    expect(rest.downloaded + rest.alreadyCached).toBe(shas.length);
    expect(rest.alreadyCached).toBe(kept.length);
  });

  it('renews an expired token once and goes on', async () => {
    const client = clientFor(sim.baseUrl);
    await client.tokens.getToken();
    const issued = client.tokens.issuedCount();
    sim.faults.expireTokens();

    const report = await prefetchPhotos({ db, client, photosDir });

    expect(report.failed).toBe(0);
    expect(report.downloaded).toBe(submittedPhotoShas(db).length);
    expect(client.tokens.issuedCount()).toBe(issued + 1);
  });

  it('counts every photo as failed when the Region is unreachable, without throwing', async () => {
    sim.faults.offline(true);
    try {
      const report = await prefetchPhotos({ db, client: clientFor(sim.baseUrl), photosDir });
      expect(report.failed).toBe(submittedPhotoShas(db).length);
      expect(report.downloaded).toBe(0);
    } finally {
      sim.faults.offline(false);
    }
  });
});

describe('photo store', () => {
  const bytes = Buffer.from('not really a jpeg, but bytes with a known hash');
  const sha = sha256Hex(bytes);
  const meta = { sha256: sha, contentType: 'image/jpeg' as const, width: 10, height: 12 };

  it('refuses bytes that do not hash to the expected name and writes nothing', async () => {
    await expect(
      storePhoto(db, photosDir, { ...meta, sha256: sha256Hex(Buffer.from('x')) }, bytes),
    ).rejects.toBeInstanceOf(PhotoHashMismatchError);
    expect(fs.existsSync(photosDir) ? filesOnDisk() : []).toEqual([]);
  });

  it('reads verified bytes, and discards a file that fails its hash check', async () => {
    await storePhoto(db, photosDir, meta, bytes);
    expect(await readPhoto(db, photosDir, sha)).toEqual({ data: bytes, contentType: 'image/jpeg' });
    fs.writeFileSync(photoPath(db, photosDir, sha), Buffer.from('tampered'));
    expect(await readPhoto(db, photosDir, sha)).toBeNull();
    expect(fs.existsSync(photoPath(db, photosDir, sha))).toBe(false);
    expect(hasPhoto(db, photosDir, sha)).toBe(false);
  });

  it('rejects paths that are not a SHA-256 (no way out of the photos folder)', () => {
    expect(() => photoPath(db, photosDir, '../app.sqlite')).toThrow();
    expect(deletePhotoIfUnused(db, photosDir, '../app.sqlite')).toBe(false);
    expect(fs.existsSync(path.join(dir, 'app.sqlite'))).toBe(true);
  });

  it('deletes a photo only once no remaining request references its hash', async () => {
    await prefetchPhotos({ db, client: clientFor(sim.baseUrl), photosDir });
    const shared = db.sqlite
      .prepare(
        `SELECT photo_sha256 AS sha FROM requests WHERE status = 'SUBMITTED' AND photo_sha256 IS NOT NULL
          GROUP BY photo_sha256 HAVING count(*) >= 2 LIMIT 1`,
      )
      .get() as { sha: string };
    const users = db.sqlite
      .prepare('SELECT id, file_number AS fileNumber, version FROM requests WHERE photo_sha256 = ?')
      .all(shared.sha) as Array<{ id: string; fileNumber: string; version: number }>;
    const tombstone = (r: (typeof users)[number]) => ({
      id: r.id,
      fileNumber: r.fileNumber,
      version: r.version + 1,
      status: 'WITHDRAWN' as const,
      updatedAt: '2026-09-01T10:00:00Z',
    });

    applyRequestTombstones(db, [tombstone(users[0]!)]);
    expect(deletePhotoIfUnused(db, photosDir, shared.sha)).toBe(false);
    expect(hasPhoto(db, photosDir, shared.sha)).toBe(true);

    applyRequestTombstones(db, users.slice(1).map(tombstone));
    expect(deletePhotoIfUnused(db, photosDir, shared.sha)).toBe(true);
    expect(fs.existsSync(photoPath(db, photosDir, shared.sha))).toBe(false);
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM photos WHERE sha256 = ?').get(shared.sha)).toEqual({ n: 0 });
  });
});
