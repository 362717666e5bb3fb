import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { countCards, getCard, upsertCards } from '../../electron/main/services/store/cardsRepo';
import { openDatabase, type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { getReference, putReference } from '../../electron/main/services/store/referenceRepo';
import {
  applyRequestTombstones,
  countRequests,
  getRequest,
  upsertRequests,
} from '../../electron/main/services/store/requestsRepo';
import { getSetting, setSetting } from '../../electron/main/services/store/settingsRepo';
import { type ActiveRequest, ReasonCatalog } from '../../shared/region-api/schemas';
import { addressWarningBits, addressWarnings } from '../../shared/domain/addressCompleteness';
import { normalizeForSearch } from '../../shared/text/normalizeForSearch';
import { generateDataset } from '../../region-sim/seed/generateDataset';
import { TEST_STORE_KEY, makeTempDir } from './tempDir';

let tmp: ReturnType<typeof makeTempDir>;
let db: AppDatabase;
beforeEach(() => {
  tmp = makeTempDir();
  db = openDatabase({ key: TEST_STORE_KEY, file: path.join(tmp.dir, 'app.sqlite') });
});
afterEach(() => {
  db.close();
  tmp.remove();
});

const dataset = generateDataset({ requests: 200, cards: 100, seed: 7 });
const req = (i: number) => dataset.requests[i]!;

describe('requestsRepo', () => {
  it('inserts snapshots and reads them back whole', () => {
    expect(upsertRequests(db, dataset.requests)).toEqual({ applied: 200, ignored: 0 });
    expect(countRequests(db)).toBe(200);
    const stored = getRequest(db, req(3).id);
    expect(stored?.request).toEqual(req(3));
    // Rows are columns, not stored JSON: every generated shape (optional members, null photo,
    // a prevalidation, a card number) must come back exactly as the Region sent it.
    for (const r of dataset.requests) expect(getRequest(db, r.id)?.request).toEqual(r);
    expect(stored?.localState).toBe('SYNCED');
    expect(getRequest(db, '00000000-0000-4000-8000-00000000dead')).toBeNull();
    expect(countRequests(db, { status: req(0).status })).toBe(
      dataset.requests.filter((r) => r.status === req(0).status).length,
    );
  });

  it('stores the derived columns beside the snapshot (search names, address warnings), in the insert and in the update', () => {
    const derived = (id: string) =>
      db.sqlite
        .prepare('SELECT search_last, search_first, address_flags, received_at FROM requests WHERE id = ?')
        .get(id) as { search_last: string; search_first: string; address_flags: number; received_at: string };
    const expected = (r: ActiveRequest) => ({
      search_last: normalizeForSearch(r.student.lastName),
      search_first: normalizeForSearch(r.student.firstName),
      address_flags: addressWarningBits(addressWarnings(r.address)),
    });
    const base = { ...req(5), student: { ...req(5).student, lastName: 'Lefèvre-Œuvray', firstName: "N'Golo" } };
    const hosted = {
      ...base,
      address: { line1: 'Résidence des Tilleuls chez', city: 'Lille', postalCode: '59000', country: 'FR' },
    };
    upsertRequests(db, [hosted, ...dataset.requests.slice(10, 60)]);
    for (const r of [hosted, ...dataset.requests.slice(10, 60)]) expect(derived(r.id)).toMatchObject(expected(r));
    expect(derived(hosted.id)).toMatchObject({
      search_last: 'lefevre oeuvray',
      search_first: 'n golo',
      address_flags: 7,
    });
    expect(Number.isNaN(Date.parse(derived(hosted.id).received_at))).toBe(false);

    const renamed = {
      ...hosted,
      version: hosted.version + 1,
      student: { ...hosted.student, lastName: 'Dupont' },
      address: base.address,
    };
    upsertRequests(db, [renamed]);
    expect(derived(renamed.id)).toMatchObject(expected(renamed));
    expect(derived(renamed.id).search_last).toBe('dupont');
  });

  it('applies only strictly newer versions', () => {
    const base = req(0);
    upsertRequests(db, [{ ...base, version: 5, status: 'SUBMITTED' }]);
    expect(upsertRequests(db, [{ ...base, version: 4, status: 'REJECTED' }])).toEqual({ applied: 0, ignored: 1 });
    expect(upsertRequests(db, [{ ...base, version: 5, status: 'REJECTED' }])).toEqual({ applied: 0, ignored: 1 });
    expect(getRequest(db, base.id)?.request.status).toBe('SUBMITTED');
    const renamed = {
      ...base,
      version: 6,
      status: 'PREVALIDATED' as const,
      student: { ...base.student, lastName: 'Zèbre' },
    };
    expect(upsertRequests(db, [renamed])).toEqual({ applied: 1, ignored: 0 });
    expect(getRequest(db, base.id)?.request).toEqual(renamed);
    expect(countRequests(db)).toBe(1);
  });

  it('keeps the local sync state when a newer snapshot arrives', () => {
    const base = req(1);
    upsertRequests(db, [base]);
    db.sqlite.prepare("UPDATE requests SET local_state = 'PENDING' WHERE id = ?").run(base.id);
    upsertRequests(db, [{ ...base, version: base.version + 1 }]);
    expect(getRequest(db, base.id)?.localState).toBe('PENDING');
  });

  it('a tombstone removes the request and a stale snapshot does not revive it', () => {
    const base = req(2);
    upsertRequests(db, [{ ...base, version: 3 }]);
    const tombstone = {
      id: base.id,
      fileNumber: base.fileNumber,
      version: 4,
      status: 'WITHDRAWN' as const,
      updatedAt: base.updatedAt,
    };
    expect(applyRequestTombstones(db, [tombstone])).toEqual({ applied: 1, ignored: 0 });
    expect(getRequest(db, base.id)).toBeNull();
    expect(upsertRequests(db, [{ ...base, version: 4 }])).toEqual({ applied: 0, ignored: 1 });
    expect(getRequest(db, base.id)).toBeNull();
    expect(upsertRequests(db, [{ ...base, version: 5 }]).applied).toBe(1);
  });

  it('a batch with a row the schema refuses changes nothing', () => {
    upsertRequests(db, [req(0)]);
    const bad = { ...req(5), channel: 'FAX' } as unknown as (typeof dataset.requests)[number];
    expect(() => upsertRequests(db, [req(4), bad])).toThrow(/CHECK/);
    expect(countRequests(db)).toBe(1);
  });
});

describe('cardsRepo', () => {
  it('inserts cards and applies only strictly newer versions', () => {
    expect(upsertCards(db, dataset.cards)).toEqual({ applied: 100, ignored: 0 });
    expect(countCards(db)).toBe(100);
    const card = dataset.cards[0]!;
    expect(getCard(db, card.cardNumber)).toEqual(card);
    expect(upsertCards(db, [{ ...card, status: 'LOST' }]).applied).toBe(0);
    expect(upsertCards(db, [{ ...card, version: card.version + 1, status: 'LOST' }]).applied).toBe(1);
    expect(getCard(db, card.cardNumber)?.status).toBe('LOST');
    expect(countCards(db)).toBe(100);
  });
});

describe('settingsRepo and referenceRepo', () => {
  it('round-trips settings through their schema and ignores stale shapes', () => {
    const Api = z.object({ url: z.string() });
    expect(getSetting(db, 'api', Api)).toBeNull();
    setSetting(db, 'api', { url: 'https://a' });
    setSetting(db, 'api', { url: 'https://b' });
    expect(getSetting(db, 'api', Api)).toEqual({ url: 'https://b' });
    setSetting(db, 'api', { address: 1 });
    expect(getSetting(db, 'api', Api)).toBeNull();
  });

  it('stores reference documents with their ETag', () => {
    const catalog = { items: [{ code: 'PHOTO_BLUR', labelFr: 'Photo floue', appliesTo: 'PHOTO', active: true }] };
    putReference(db, 'reasons', catalog, 'W/"1"', '2026-09-01T08:00:00.000Z');
    expect(getReference(db, 'reasons', ReasonCatalog)).toEqual({
      value: catalog,
      etag: 'W/"1"',
      fetchedAt: '2026-09-01T08:00:00.000Z',
    });
    putReference(db, 'reasons', { items: 'nope' }, null);
    expect(getReference(db, 'reasons', ReasonCatalog)).toBeNull();
    expect(getReference(db, 'me', ReasonCatalog)).toBeNull();
  });
});
