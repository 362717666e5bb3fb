/**
 * The retention purge on a real (encrypted) store and real photo files, with a fixed clock:
 * acknowledged decisions purged after the delay, never a record under an unsettled outbox entry,
 * photos gone at once with a tombstone, cards not revalidated purged at the rollover.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { photoPath, sha256Hex, storePhoto } from '../../electron/main/services/photos/photoStore';
import { purgeRetention } from '../../electron/main/services/retention/purgeRetention';
import { createRetentionService } from '../../electron/main/services/retention/retentionService';
import { openDatabase, type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { applyRequestTombstones } from '../../electron/main/services/store/requestsRepo';
import { releasePhotos, photoShasOf } from '../../electron/main/services/sync/photoCleanup';
import { TEST_STORE_KEY, makeTempDir } from '../store/tempDir';
import { fakeJpeg, insertCard, insertOutbox, insertRequest, type OutboxState } from './securityFixtures';

let tmp: ReturnType<typeof makeTempDir>;
let db: AppDatabase;
let photosDir: string;
const NOW = new Date('2026-11-26T12:00:00Z');
const now = () => NOW;
const LONG_AGO = '2026-09-01T09:00:00Z'; // 86 days before NOW
const RECENT = '2026-11-20T09:00:00Z'; // 6 days before NOW

beforeEach(() => {
  tmp = makeTempDir();
  db = openDatabase({ file: path.join(tmp.dir, 'hdf.sqlite'), key: TEST_STORE_KEY });
  photosDir = path.join(tmp.dir, 'photos');
});
afterEach(() => {
  db.close();
  tmp.remove();
});

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const exists = (requestId: string) =>
  db.sqlite.prepare('SELECT 1 FROM requests WHERE id = ?').get(requestId) !== undefined;

async function withPhoto(n: number): Promise<string> {
  const bytes = fakeJpeg(`request ${n}`);
  const sha = sha256Hex(bytes);
  await storePhoto(db, photosDir, { sha256: sha, contentType: 'image/jpeg', width: 1, height: 1 }, bytes);
  return sha;
}

function purge(delayDays = 30, schoolYear: string | null = '2026-2027') {
  return purgeRetention({ db, photosDir, delayDays, currentSchoolYear: schoolYear, trigger: 'manual', now });
}

describe('retention purge of requests', () => {
  it('purges a request, its photo and the personal parts of its outbox entries once its acknowledged decision is older than the delay', async () => {
    const sha = await withPhoto(1);
    insertRequest(db, { id: id(1), status: 'PREVALIDATED', updatedAt: LONG_AGO, photoSha: sha });
    const entry = insertOutbox(db, { targetId: id(1), state: 'ACKED', finalAt: LONG_AGO });
    insertRequest(db, { id: id(2), status: 'PREVALIDATED', updatedAt: RECENT });
    insertOutbox(db, { targetId: id(2), state: 'ACKED', finalAt: RECENT });
    insertRequest(db, { id: id(3), status: 'SUBMITTED', updatedAt: LONG_AGO }); // never decided

    const report = purge();

    expect(report.requests).toEqual({ count: 1, ids: [id(1)] });
    expect(report.photos.count).toBe(1);
    expect(exists(id(1))).toBe(false);
    expect(exists(id(2))).toBe(true);
    expect(exists(id(3))).toBe(true);
    expect(fs.existsSync(photoPath(db, photosDir, sha))).toBe(false);
    const row = db.sqlite.prepare('SELECT body, seen_json AS seen FROM outbox WHERE id = ?').get(entry) as {
      body: string;
      seen: string | null;
    };
    expect(row.seen).toBeNull();
    expect(row.body).not.toMatch(/Philomène/);
    expect(JSON.parse(row.body)).toEqual({ decision: 'APPROVED' });
    // The report names no one.
    expect(JSON.stringify(report)).not.toMatch(/Quenouillard|Philomène/);
    // A longer delay keeps the recent one; a shorter one takes it.
    expect(purge(30).requests.count).toBe(0);
    expect(purge(5).requests.ids).toEqual([id(2)]);
  });

  it.each<OutboxState>(['PENDING', 'SENDING', 'CONFLICT', 'ERROR'])(
    'never purges a request with a %s outbox entry, even after an older acknowledged decision',
    (state) => {
      insertRequest(db, { id: id(10), status: 'PREVALIDATED', updatedAt: LONG_AGO });
      insertOutbox(db, { targetId: id(10), state: 'ACKED', finalAt: LONG_AGO });
      insertOutbox(db, { targetId: id(10), state });

      const report = purge(1);

      expect(exists(id(10))).toBe(true);
      expect(report.requests.count).toBe(0);
      expect(report.heldBack.ids).toEqual([id(10)]);
    },
  );

  it('holds back a request referenced by an unsettled revalidation through its file number or card number', () => {
    insertRequest(db, { id: id(20), status: 'PREVALIDATED', updatedAt: LONG_AGO, fileNumber: 'HDF-2026-0000020' });
    insertRequest(db, { id: id(21), status: 'PREVALIDATED', updatedAt: LONG_AGO, cardNumber: '4000000000000021' });
    insertOutbox(db, {
      targetId: '4000000000000999',
      kind: 'REVALIDATION',
      state: 'ERROR',
      fileNumber: 'HDF-2026-0000020',
    });
    insertOutbox(db, { targetId: '4000000000000021', kind: 'REVALIDATION', state: 'PENDING' });

    const report = purge(1);

    expect(exists(id(20))).toBe(true);
    expect(exists(id(21))).toBe(true);
    expect(report.heldBack.ids.sort()).toEqual([id(20), id(21)]);
  });

  it('a DROPPED entry does not hold a request back (it is settled)', () => {
    insertRequest(db, { id: id(30), status: 'REJECTED', updatedAt: LONG_AGO });
    insertOutbox(db, { targetId: id(30), state: 'DROPPED' });
    expect(purge().requests.ids).toEqual([id(30)]);
  });
});

describe('photos of withdrawn or transferred requests', () => {
  it('are deleted at once with the tombstone, whatever the delay', async () => {
    const sha = await withPhoto(40);
    insertRequest(db, { id: id(40), status: 'SUBMITTED', updatedAt: RECENT, photoSha: sha });
    const shas = photoShasOf(db, [id(40)]);
    applyRequestTombstones(db, [
      { id: id(40), fileNumber: 'HDF-2026-0000040', version: 2, status: 'WITHDRAWN', updatedAt: NOW.toISOString() },
    ]);
    expect(releasePhotos(db, photosDir, shas)).toBe(1);
    expect(fs.existsSync(photoPath(db, photosDir, sha))).toBe(false);
    expect(exists(id(40))).toBe(false);
  });

  it('the purge sweeps a photo left behind when no request references it any more (crash after a tombstone)', async () => {
    const orphan = await withPhoto(41);
    const kept = await withPhoto(42);
    insertRequest(db, { id: id(42), photoSha: kept });
    const report = purge();
    expect(report.photos.count).toBe(1);
    expect(fs.existsSync(photoPath(db, photosDir, orphan))).toBe(false);
    expect(fs.existsSync(photoPath(db, photosDir, kept))).toBe(true);
  });
});

describe('cards at the school-year rollover', () => {
  it('purges cards not revalidated in the previous school year, keeps the others and any under an unsettled revalidation', () => {
    insertCard(db, { cardNumber: '4000000000000001', lastYear: '2026-2027' });
    insertCard(db, { cardNumber: '4000000000000002', lastYear: '2025-2026' }); // to revalidate this year
    insertCard(db, { cardNumber: '4000000000000003', lastYear: '2024-2025' }); // missed a whole year
    insertCard(db, { cardNumber: '4000000000000004', lastYear: '2023-2024' });
    insertOutbox(db, { targetId: '4000000000000004', kind: 'REVALIDATION', state: 'CONFLICT' });
    insertCard(db, { cardNumber: '4000000000000005', lastYear: null, updatedAt: '2026-01-10T00:00:00Z' }); // new last year
    insertCard(db, { cardNumber: '4000000000000006', lastYear: null, updatedAt: '2024-03-10T00:00:00Z' });

    const report = purge(30, '2026-2027');

    expect(report.cards.ids.sort()).toEqual(['4000000000000003', '4000000000000006']);
    expect(report.heldBack.ids).toContain('4000000000000004');
    const left = (db.sqlite.prepare('SELECT card_number AS n FROM cards ORDER BY n').all() as { n: string }[]).map(
      (r) => r.n,
    );
    expect(left).toEqual(['4000000000000001', '4000000000000002', '4000000000000004', '4000000000000005']);
  });

  it('before the rollover the same cards stay (school year from the calendar when /me is unknown)', () => {
    insertCard(db, { cardNumber: '4000000000000002', lastYear: '2025-2026' });
    const report = purgeRetention({
      db,
      photosDir,
      delayDays: 30,
      currentSchoolYear: null,
      trigger: 'sync',
      now: () => new Date('2026-06-15T10:00:00Z'),
    });
    expect(report.schoolYear).toBe('2025-2026');
    expect(report.cards.count).toBe(0);
  });
});

describe('retention service', () => {
  it('stores the delay (default 30 days), keeps the last report and audits each purge with counts only', () => {
    const audited: unknown[] = [];
    const service = createRetentionService({
      db,
      photosDir,
      now,
      audit: {
        append: (entry) => {
          audited.push(entry);
          return {
            seq: audited.length,
            at: NOW.toISOString(),
            actorId: entry.actorId,
            action: entry.action,
            recordId: null,
            detail: null,
            hash: 'x',
          };
        },
      },
    });
    expect(service.settings()).toEqual({ delayDays: 30 });
    expect(service.lastReport()).toBeNull();
    expect(() => service.updateSettings({ delayDays: 0 }, 'admin-1')).toThrow();
    expect(service.updateSettings({ delayDays: 7 }, 'admin-1')).toEqual({ delayDays: 7 });
    insertRequest(db, { id: id(50), status: 'PREVALIDATED', updatedAt: '2026-11-10T00:00:00Z' });

    const report = service.purge('manual', 'admin-1');

    expect(report.delayDays).toBe(7);
    expect(report.requests.ids).toEqual([id(50)]);
    expect(service.lastReport()).toEqual(report);
    expect(audited).toContainEqual(
      expect.objectContaining({
        actorId: 'admin-1',
        action: 'purge.run',
        detail: expect.objectContaining({ requests: 1 }),
      }),
    );
    expect(JSON.stringify(audited)).not.toMatch(/Quenouillard|Philomène/);
  });
});
