/**
 * The photo-check service on a real store: results computed once per photo and checks version,
 * recomputed when the version differs, the background queue after a sync, the flagged list, and the
 * face stage that refuses any URL that is not a file of its model folders.
 */
import fs from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  diskOnlyFetch,
  defaultModelPaths,
  RefusedUrlError,
} from '../../electron/main/services/photoChecks/faceDetector';
import {
  createPhotoCheckService,
  type PhotoCheckService,
} from '../../electron/main/services/photoChecks/photoCheckService';
import { getPhotoRow, photoPath, sha256Hex, storePhoto } from '../../electron/main/services/photos/photoStore';
import { listFlaggedRequests } from '../../electron/main/services/store/photoChecksRepo';
import { CHECKS_VERSION } from '../../shared/schemas/photoChecks';
import { openWorkspaceStore, type WorkspaceStore } from '../workspace/workspaceStore';
import { buildFixtures, type Fixture } from './fixtures';

let store: WorkspaceStore;
let service: PhotoCheckService;
let photosDir: string;
let fixtures: Fixture[];
const assigned: { requestId: string; fixture: Fixture }[] = [];

beforeAll(async () => {
  store = openWorkspaceStore({ requests: 30, seed: 11 });
  photosDir = join(store.dir, 'photos');
  fixtures = (await buildFixtures()).filter((f) =>
    ['good-face-1.jpg', 'good-face-5.jpg', 'blur-sigma4.jpg', 'truncated.jpg', 'two-people.jpg'].includes(f.name),
  );
  const submitted = store.dataset.requests.filter((r) => r.status === 'SUBMITTED').slice(0, fixtures.length);
  for (const [i, fixture] of fixtures.entries()) {
    const request = submitted[i]!;
    const sha256 = sha256Hex(fixture.bytes);
    await storePhoto(
      store.db,
      photosDir,
      { sha256, contentType: 'image/jpeg', width: 455, height: 585 },
      fixture.bytes,
    );
    store.db.sqlite.prepare('UPDATE requests SET photo_sha256 = ? WHERE id = ?').run(sha256, request.id);
    assigned.push({ requestId: request.id, fixture });
  }
  service = createPhotoCheckService({ db: store.db, photosDir });
}, 120_000);

afterAll(async () => {
  await service.close();
  store.close();
});

const byName = (name: string) => assigned.find((a) => a.fixture.name === name)!;

describe('photo check service', () => {
  it('computes a request’s checks on demand, stores them, and answers from the store afterwards', async () => {
    const first = await service.checkRequest(byName('blur-sigma4.jpg').requestId);
    expect(first.state).toBe('ready');
    expect(first.report?.overall).toBe('fail');
    expect(first.report?.suggestedReasonCodes).toContain('PHOTO_BLURRY');
    const again = await service.checkRequest(byName('blur-sigma4.jpg').requestId);
    expect(again.report?.computedAt).toBe(first.report?.computedAt);
    const rows = store.db.sqlite.prepare('SELECT COUNT(*) AS n FROM photo_checks').get() as { n: number };
    expect(rows.n).toBe(1);
  }, 60_000);

  it('gives a corrupt photo a failing result, never an error, and the request stays reviewable', async () => {
    const answer = await service.checkRequest(byName('truncated.jpg').requestId);
    expect(answer.state).toBe('ready');
    expect(answer.report?.checks).toContainEqual(
      expect.objectContaining({ id: 'decodable', verdict: 'fail', detail: 'corrupt' }),
    );
  }, 60_000);

  it('checks every cached photo in the background, then only what a new checks version invalidates', async () => {
    service.schedule();
    await service.idle();
    expect(service.status()).toMatchObject({ pending: 0, checksVersion: CHECKS_VERSION, faceModelAvailable: true });
    const count = () =>
      (
        store.db.sqlite
          .prepare('SELECT COUNT(*) AS n FROM photo_checks WHERE checks_version = ?')
          .get(CHECKS_VERSION) as { n: number }
      ).n;
    expect(count()).toBe(fixtures.length);
    const before = service.status().checkedSinceStart;
    service.schedule();
    await service.idle();
    expect(service.status().checkedSinceStart).toBe(before);
    // A result of an older version is recomputed, and only that one.
    const sha = sha256Hex(byName('good-face-1.jpg').fixture.bytes);
    store.db.sqlite.prepare('UPDATE photo_checks SET checks_version = 0 WHERE sha256 = ?').run(sha);
    expect(service.status().pending).toBe(1);
    service.schedule();
    await service.idle();
    expect(service.status().checkedSinceStart).toBe(before + 1);
    expect(count()).toBe(fixtures.length);
  }, 120_000);

  it('lists the requests to review whose photo fails, failures first', () => {
    const flagged = listFlaggedRequests(store.db, CHECKS_VERSION, 'fail', 50);
    const ids = flagged.items.map((i) => i.requestId);
    expect(ids).toEqual(
      expect.arrayContaining([byName('blur-sigma4.jpg').requestId, byName('two-people.jpg').requestId]),
    );
    expect(ids).not.toContain(byName('good-face-1.jpg').requestId);
    expect(flagged.items.find((i) => i.requestId === byName('two-people.jpg').requestId)?.failing).toContain(
      'faceCount',
    );
  });

  it('reads cached files in the check process: one that is not its photo is discarded, a missing one skipped', async () => {
    const free = store.dataset.requests.filter((r) => !assigned.some((a) => a.requestId === r.id));
    const cache = async (requestId: string, tag: string): Promise<{ sha256: string; file: string }> => {
      // Bytes after the JPEG's end marker: the same picture, another photo (own SHA-256).
      const bytes = Buffer.concat([byName('good-face-1.jpg').fixture.bytes, Buffer.from(tag)]);
      const sha256 = sha256Hex(bytes);
      const meta = { sha256, contentType: 'image/jpeg' as const, width: 455, height: 585 };
      await storePhoto(store.db, photosDir, meta, bytes);
      store.db.sqlite.prepare('UPDATE requests SET photo_sha256 = ? WHERE id = ?').run(sha256, requestId);
      return { sha256, file: photoPath(store.db, photosDir, sha256) };
    };
    const [tamperedRequest, missingRequest, readableRequest] = [free[0]!.id, free[1]!.id, free[2]!.id];

    const tampered = await cache(tamperedRequest, 'tampered');
    const encrypted = fs.readFileSync(tampered.file);
    encrypted[encrypted.length - 40]! ^= 0x01;
    fs.writeFileSync(tampered.file, encrypted);
    expect(await service.checkRequest(tamperedRequest)).toMatchObject({ state: 'noPhoto', report: null });
    expect(fs.existsSync(tampered.file)).toBe(false);
    expect(getPhotoRow(store.db, tampered.sha256)).toBeNull();

    const missing = await cache(missingRequest, 'missing');
    fs.rmSync(missing.file);
    expect(await service.checkRequest(missingRequest)).toMatchObject({ state: 'noPhoto', report: null });
    expect(getPhotoRow(store.db, missing.sha256)).not.toBeNull(); // the next prefetch fetches the file again

    const readable = await cache(readableRequest, 'readable');
    const answer = await service.checkRequest(readableRequest);
    expect(answer.state).toBe('ready');
    expect(answer.report?.sha256).toBe(readable.sha256);
  }, 60_000);

  it('answers noPhoto for a request without a photo', async () => {
    const without = store.dataset.requests.find((r) => r.photo === null) ?? store.dataset.requests.at(-1)!;
    store.db.sqlite.prepare('UPDATE requests SET photo_sha256 = NULL WHERE id = ?').run(without.id);
    expect(await service.checkRequest(without.id)).toMatchObject({ state: 'noPhoto', report: null });
  });
});

describe('face model loading', () => {
  it('serves model files from disk and refuses network URLs and files outside the model folders', async () => {
    const paths = defaultModelPaths();
    const fetchFromDisk = diskOnlyFetch([paths.modelsDir]);
    const ok = await fetchFromDisk(`file://${join(paths.modelsDir, 'blazeface.json')}`);
    expect(((await ok.json()) as { format?: string }).format).toBeDefined();
    await expect(fetchFromDisk('https://cdn.example.org/blazeface.json')).rejects.toBeInstanceOf(RefusedUrlError);
    await expect(fetchFromDisk('file:///etc/passwd')).rejects.toBeInstanceOf(RefusedUrlError);
    await expect(fetchFromDisk(`file://${join(paths.modelsDir, '..', 'package.json')}`)).rejects.toBeInstanceOf(
      RefusedUrlError,
    );
  });
});
