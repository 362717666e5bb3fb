import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActiveRequest, type Card } from '../../shared/region-api/schemas';
import { startSimulator, type RunningSimulator } from '../../region-sim/index';
import { OpenApiResponseValidator } from './openapiResponseValidator';
import { decisionBody, decisionHeaders, problemType, SimHttpClient } from './simHttpClient';

const validator = new OpenApiResponseValidator(join(import.meta.dirname, '../../shared/region-api/openapi.yaml'));

let sim: RunningSimulator;
let http: SimHttpClient;
let etab: string;
let antenna: string;
let lycee: string;
let lp: string;
let requests: ActiveRequest[];
let cards: Card[];

async function fullResync<T>(feed: 'requests' | 'cards', uai: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 50; guard++) {
    const q: string = cursor ? `?limit=50&cursor=${encodeURIComponent(cursor)}` : '?limit=50';
    const res = await http.call('GET', `/establishments/${uai}/${feed}/changes${q}`, { token: etab });
    expect(res.status).toBe(200);
    const page = res.body as { items: T[]; nextCursor: string; hasMore: boolean };
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  return items;
}

function submittedWithPhoto(skip: number): ActiveRequest {
  const found = requests.filter((r) => r.status === 'SUBMITTED' && r.photo !== null)[skip];
  if (!found) throw new Error('not enough SUBMITTED requests with a photo in the dataset');
  return found;
}

function newRequestBody(overrides: { lastName?: string; birthDate?: string; guardian?: boolean; uai?: string } = {}) {
  return {
    student: {
      lastName: overrides.lastName ?? 'LEFEBVRE',
      firstName: 'Noah',
      birthDate: overrides.birthDate ?? '2009-03-02',
      email: 'noah.lefebvre@example.org',
    },
    address: { line1: '3 allée des Peupliers', postalCode: '80000', city: 'AMIENS', country: 'FR' },
    establishmentUai: overrides.uai ?? lycee,
    training: { type: 'LYCEE', classLabel: '2nde générale et technologique' },
    consent: {
      rulesAcceptedAt: new Date().toISOString(),
      rulesVersion: '2026-1',
      ...(overrides.guardian
        ? { guardianConsent: { name: 'Samira BENALI', relationship: 'MOTHER', acceptedAt: new Date().toISOString() } }
        : {}),
    },
    assistedBy: { antennaId: sim.clients.antenna.antennaId, staffId: 'agent-0042', displayName: 'Claire Dubois' },
  };
}

beforeAll(async () => {
  sim = await startSimulator({ requests: 120, seed: 42 });
  http = new SimHttpClient(sim, validator);
  etab = await http.token('establishment');
  antenna = await http.token('antenna');
  [lycee = '', lp = ''] = sim.clients.establishment.uais;
  requests = [
    ...(await fullResync<ActiveRequest>('requests', lycee)),
    ...(await fullResync<ActiveRequest>('requests', lp)),
  ];
  cards = [...(await fullResync<Card>('cards', lycee)), ...(await fullResync<Card>('cards', lp))];
});

afterAll(async () => {
  await sim?.close();
});

describe('Region API simulator against openapi.yaml', () => {
  it('auth: token issuance and its errors', async () => {
    const bad = await http.call('POST', '/oauth/token', {
      form: { grant_type: 'password', client_id: 'x', client_secret: 'y' },
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: string }).error).toBe('unsupported_grant_type');
    const wrongSecret = await http.call('POST', '/oauth/token', {
      form: { grant_type: 'client_credentials', client_id: sim.clients.establishment.clientId, client_secret: 'nope' },
    });
    expect(wrongSecret.status).toBe(401);
    expect((wrongSecret.body as { error: string }).error).toBe('invalid_client');
    const ok = await http.call('POST', '/oauth/token', {
      form: {
        grant_type: 'client_credentials',
        client_id: sim.clients.antenna.clientId,
        client_secret: sim.clients.antenna.clientSecret,
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect((ok.body as { scope: string }).scope).toBe('reference:read requests:read requests:create cards:read');

    let last = 0;
    for (let i = 0; i < 31; i++) {
      const res = await http.call('POST', '/oauth/token', {
        form: { grant_type: 'client_credentials', client_id: 'flooding-client', client_secret: 'x' },
      });
      last = res.status;
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    expect(last).toBe(429);
  });

  it('session and reference: /me, reasons with ETag, paged directory', async () => {
    const me = await http.call('GET', '/me', { token: etab });
    expect(me.status).toBe(200);
    expect((me.body as { establishments: unknown[] }).establishments).toHaveLength(2);
    const antennaMe = await http.call('GET', '/me', { token: antenna });
    expect((antennaMe.body as { antenna: { antennaId: string } }).antenna.antennaId).toBe(
      sim.clients.antenna.antennaId,
    );

    const anonymous = await http.call('GET', '/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer realm="region-api", error="invalid_token"/);

    const reasons = await http.call('GET', '/reference/reasons', { token: etab });
    expect(reasons.status).toBe(200);
    const items = (reasons.body as { items: Array<{ active: boolean }> }).items;
    expect(items.some((r) => !r.active)).toBe(true);
    const etag = reasons.headers.get('etag') ?? '';
    const cached = await http.call('GET', '/reference/reasons', { token: etab, headers: { 'if-none-match': etag } });
    expect(cached.status).toBe(304);
    expect(cached.raw.length).toBe(0);

    const narrow = await http.token('establishment', 'requests:read');
    const forbidden = await http.call('GET', '/reference/reasons', { token: narrow });
    expect(forbidden.status).toBe(403);
    expect(problemType(forbidden)).toBe('insufficient-scope');

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      const q: string = cursor ? `?limit=40&cursor=${encodeURIComponent(cursor)}` : '?limit=40';
      const page = await http.call('GET', `/reference/establishments${q}`, { token: antenna });
      expect(page.status).toBe(200);
      const body = page.body as { items: Array<{ uai: string }>; nextCursor: string | null; hasMore: boolean };
      seen.push(...body.items.map((e) => e.uai));
      pages++;
      if (!body.hasMore) {
        expect(body.nextCursor).toBeNull();
        break;
      }
      cursor = body.nextCursor;
    }
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);

    const badLimit = await http.call('GET', '/reference/establishments?limit=0', { token: antenna });
    expect(badLimit.status).toBe(400);
  });

  it('feeds: resync, changes since cursor, 400, 403 and 410', async () => {
    expect(requests.length).toBe(120);
    const first = await http.call('GET', `/establishments/${lycee}/requests/changes?limit=5`, { token: etab });
    const cursor = (first.body as { nextCursor: string }).nextCursor;
    expect(cursor.length).toBeLessThanOrEqual(1024);

    const crossFeed = await http.call(
      'GET',
      `/establishments/${lycee}/cards/changes?cursor=${encodeURIComponent(cursor)}`,
      {
        token: etab,
      },
    );
    expect(crossFeed.status).toBe(400);
    expect(problemType(crossFeed)).toBe('invalid-cursor');
    const garbage = await http.call('GET', `/establishments/${lycee}/requests/changes?cursor=abc`, { token: etab });
    expect(garbage.status).toBe(400);

    const other = await http.call('GET', '/establishments/0620099W/requests/changes', { token: etab });
    expect(other.status).toBe(403);
    expect(problemType(other)).toBe('forbidden-establishment');
    const otherCards = await http.call('GET', '/establishments/0620099W/cards/changes', { token: etab });
    expect(otherCards.status).toBe(403);

    const dirPage = await http.call('GET', '/reference/establishments?limit=10', { token: antenna });
    const dirCursor = (dirPage.body as { nextCursor: string }).nextCursor;
    sim.faults.expireCursors();
    const expired = await http.call(
      'GET',
      `/establishments/${lycee}/requests/changes?cursor=${encodeURIComponent(cursor)}`,
      {
        token: etab,
      },
    );
    expect(expired.status).toBe(410);
    expect(problemType(expired)).toBe('cursor-expired');
    const expiredDir = await http.call('GET', `/reference/establishments?cursor=${encodeURIComponent(dirCursor)}`, {
      token: antenna,
    });
    expect(expiredDir.status).toBe(410);
  });

  it('requests and photos: read, ETag/304, timeline, 404', async () => {
    const r = submittedWithPhoto(0);
    const got = await http.call('GET', `/requests/${r.id}`, { token: etab });
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe(`"${r.version}"`);
    const notModified = await http.call('GET', `/requests/${r.id}`, {
      token: etab,
      headers: { 'if-none-match': `"${r.version}"` },
    });
    expect(notModified.status).toBe(304);
    const missing = await http.call('GET', `/requests/${randomUUID()}`, { token: etab });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');

    const timeline = await http.call('GET', `/requests/${r.id}/timeline`, { token: etab });
    expect(timeline.status).toBe(200);
    expect((timeline.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expect((await http.call('GET', `/requests/${randomUUID()}/timeline`, { token: etab })).status).toBe(404);

    const photo = await http.call('GET', `/photos/${r.photo?.id}`, { token: etab });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('etag')).toBe(`"${r.photo?.sha256}"`);
    expect(photo.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    const meta = await sharp(photo.raw).metadata();
    expect(meta.width).toBe(r.photo?.width);
    const again = await http.call('GET', `/photos/${r.photo?.id}`, {
      token: etab,
      headers: { 'if-none-match': `"${r.photo?.sha256}"` },
    });
    expect(again.status).toBe(304);
    expect((await http.call('GET', `/photos/${randomUUID()}`, { token: etab })).status).toBe(404);
  });

  it('decisions: 200, replay, 400, 404, 409s, 422s, 428', async () => {
    const approve = submittedWithPhoto(1);
    const key = randomUUID();
    const approval = decisionBody();
    const ok = await http.call('POST', `/requests/${approve.id}/prevalidation`, {
      token: etab,
      headers: decisionHeaders(approve.version, key),
      json: approval,
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe(`"${(ok.body as { request: ActiveRequest }).request.version}"`);
    expect((ok.body as { request: ActiveRequest }).request.status).toBe('PREVALIDATED');
    const replay = await http.call('POST', `/requests/${approve.id}/prevalidation`, {
      token: etab,
      headers: decisionHeaders(approve.version, key),
      // Same data, other member order: still the same request.
      json: Object.fromEntries(Object.entries(approval).reverse()),
    });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(ok.body);

    const noKey = await http.call('POST', `/requests/${approve.id}/prevalidation`, {
      token: etab,
      headers: { 'if-match': '"1"' },
      json: decisionBody(),
    });
    expect(noKey.status).toBe(400);
    expect(problemType(noKey)).toBe('idempotency-key-missing');

    const noIfMatch = await http.call('POST', `/requests/${approve.id}/prevalidation`, {
      token: etab,
      headers: { 'idempotency-key': randomUUID(), 'if-match': 'W/"3"' },
      json: decisionBody(),
    });
    expect(noIfMatch.status).toBe(428);

    const unknown = await http.call('POST', `/requests/${randomUUID()}/prevalidation`, {
      token: etab,
      headers: decisionHeaders(1),
      json: decisionBody(),
    });
    expect(unknown.status).toBe(404);

    const decided = await http.call('POST', `/requests/${approve.id}/prevalidation`, {
      token: etab,
      headers: decisionHeaders(approve.version),
      json: decisionBody(),
    });
    expect(decided.status).toBe(409);
    expect(problemType(decided)).toBe('already-decided');

    const stale = submittedWithPhoto(2);
    const conflict = await http.call('POST', `/requests/${stale.id}/prevalidation`, {
      token: etab,
      headers: decisionHeaders(stale.version + 1),
      json: decisionBody(),
    });
    expect(conflict.status).toBe(409);
    expect(problemType(conflict)).toBe('version-conflict');
    expect((conflict.body as { current: ActiveRequest }).current.version).toBe(stale.version);

    const rules = await http.call('POST', `/requests/${stale.id}/prevalidation`, {
      token: etab,
      headers: decisionHeaders(stale.version),
      json: decisionBody({ decision: 'REDIRECTED', reasonCodes: ['PHOTO_DARK', 'SCHOOLING_ENDED'], extra: true }),
    });
    expect(rules.status).toBe(422);
    expect((rules.body as { errors: Array<{ code: string }> }).errors.map((e) => e.code)).toContain('UNKNOWN_MEMBER');
    const business = await http.call('POST', `/requests/${stale.id}/prevalidation`, {
      token: etab,
      headers: decisionHeaders(stale.version),
      json: decisionBody({ decision: 'REDIRECTED', reasonCodes: ['PHOTO_DARK', 'SCHOOLING_ENDED'] }),
    });
    expect(business.status).toBe(422);
    const codes = (business.body as { errors: Array<{ code: string }> }).errors.map((e) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['UNKNOWN_REASON_CODE', 'REASON_RETIRED', 'TARGET_UAI_REQUIRED']));

    const reused = await http.call('POST', `/requests/${stale.id}/prevalidation`, {
      token: etab,
      headers: decisionHeaders(stale.version, key),
      json: decisionBody(),
    });
    expect(reused.status).toBe(422);
    expect(problemType(reused)).toBe('idempotency-key-reused');

    const filed = await http.call('POST', '/requests', {
      token: antenna,
      headers: { 'idempotency-key': randomUUID() },
      json: newRequestBody({ lastName: 'SANSPHOTO' }),
    });
    const noPhoto = (filed.body as { request: ActiveRequest }).request;
    const photoMissing = await http.call('POST', `/requests/${noPhoto.id}/prevalidation`, {
      token: etab,
      headers: decisionHeaders(noPhoto.version),
      json: decisionBody(),
    });
    expect(photoMissing.status).toBe(422);
    expect(problemType(photoMissing)).toBe('photo-missing');

    const asAntenna = await http.call('POST', `/requests/${stale.id}/prevalidation`, {
      token: antenna,
      headers: decisionHeaders(stale.version),
      json: decisionBody(),
    });
    expect(asAntenna.status).toBe(403);
  });

  it('batch: 207 with per-item results, 403 and whole-batch 422', async () => {
    const a = submittedWithPhoto(3);
    const b = submittedWithPhoto(4);
    const item = (r: ActiveRequest, extra: Record<string, unknown> = {}) => ({
      requestId: r.id,
      idempotencyKey: randomUUID(),
      ifMatchVersion: r.version,
      ...decisionBody(extra),
    });
    const uaiOf = (r: ActiveRequest) => r.establishmentUai;
    const batch = await http.call('POST', `/establishments/${uaiOf(a)}/prevalidations:batch`, {
      token: etab,
      json: {
        items: [
          item(a),
          item(b, { decision: 'REJECTED', reasonCodes: ['NOT_ENROLLED'] }),
          item({ ...a, id: randomUUID() }),
        ],
      },
    });
    expect(batch.status).toBe(207);
    const results = (batch.body as { results: Array<{ status: number; index: number }> }).results;
    expect(results.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(results[0]?.status).toBe(200);
    expect(results[1]?.status).toBe(uaiOf(b) === uaiOf(a) ? 200 : 404);
    expect(results[2]?.status).toBe(404);

    const forbidden = await http.call('POST', '/establishments/0620099W/prevalidations:batch', {
      token: etab,
      json: { items: [item(a)] },
    });
    expect(forbidden.status).toBe(403);
    const dup = item(b);
    const duplicated = await http.call('POST', `/establishments/${uaiOf(b)}/prevalidations:batch`, {
      token: etab,
      json: { items: [dup, { ...dup, idempotencyKey: randomUUID() }] },
    });
    expect(duplicated.status).toBe(422);
    expect((duplicated.body as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('DUPLICATE_REQUEST_ID');
  });

  it('cards: lookup and revalidation outcomes', async () => {
    const due = cards.find(
      (c) => c.status === 'ACTIVE' && c.lastRevalidatedSchoolYear === '2025-2026' && c.establishmentUai === lycee,
    );
    const blocked = cards.find((c) => c.status === 'LOST' || c.status === 'BLOCKED');
    const expiredCard = cards.find((c) => c.status === 'EXPIRED');
    const other = cards.find(
      (c) => c.status === 'ACTIVE' && c.lastRevalidatedSchoolYear !== '2026-2027' && c.cardNumber !== due?.cardNumber,
    );
    if (!due || !blocked || !other || !expiredCard) throw new Error('dataset lacks the cards this test needs');

    const found = await http.call(
      'GET',
      `/cards/lookup?cardNumber=${due.cardNumber}&birthDate=${due.student.birthDate}`,
      {
        token: etab,
      },
    );
    expect(found.status).toBe(200);
    const byFile = await http.call(
      'GET',
      `/cards/lookup?fileNumber=${due.fileNumber}&birthDate=${due.student.birthDate}`,
      {
        token: antenna,
      },
    );
    expect(byFile.status).toBe(200);
    const wrongBirth = await http.call('GET', `/cards/lookup?cardNumber=${due.cardNumber}&birthDate=1999-01-01`, {
      token: etab,
    });
    expect(wrongBirth.status).toBe(404);
    const both = await http.call(
      'GET',
      `/cards/lookup?cardNumber=${due.cardNumber}&fileNumber=${due.fileNumber}&birthDate=${due.student.birthDate}`,
      { token: etab },
    );
    expect(both.status).toBe(400);

    const body = (uai: string, schoolYear = '2026-2027') => ({
      schoolYear,
      uai,
      training: { type: 'LYCEE', classLabel: '1re générale' },
      decidedBy: { staffId: 'secr-01', displayName: 'Nadia Haddad' },
      decidedAt: new Date().toISOString(),
    });
    const post = (card: Card, uai: string, schoolYear?: string) =>
      http.call('POST', `/cards/${card.cardNumber}/revalidations`, {
        token: etab,
        headers: { 'idempotency-key': randomUUID() },
        json: body(uai, schoolYear),
      });
    const created = await post(due, lycee);
    expect(created.status).toBe(201);
    expect((created.body as { card: Card }).card.walletActive).toBe(true);
    expect((await post(due, lycee)).status).toBe(200);

    sim.admin.revalidateElsewhere(other.cardNumber, '0620099W');
    const elsewhere = await post(other, lycee);
    expect(elsewhere.status).toBe(409);
    expect(problemType(elsewhere)).toBe('already-revalidated');

    expect(problemType(await post(blocked, lycee))).toBe('card-blocked');
    expect(problemType(await post(expiredCard, lycee))).toBe('card-expired');
    expect(problemType(await post(due, lycee, '2025-2026'))).toBe('wrong-school-year');
    expect((await post(due, '0620099W')).status).toBe(403);
  });

  it('antenna: filing, duplicates, consent, photo upload and its errors', async () => {
    const key = randomUUID();
    const filing = newRequestBody({ lastName: 'DUCHEMIN' });
    const created = await http.call('POST', '/requests', {
      token: antenna,
      headers: { 'idempotency-key': key },
      json: filing,
    });
    expect(created.status).toBe(201);
    const request = (created.body as { request: ActiveRequest }).request;
    expect(created.headers.get('location')).toBe(`/generation/v1/requests/${request.id}`);
    const replay = await http.call('POST', '/requests', {
      token: antenna,
      headers: { 'idempotency-key': key },
      json: filing,
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(created.body);

    const duplicate = await http.call('POST', '/requests', {
      token: antenna,
      headers: { 'idempotency-key': randomUUID() },
      json: newRequestBody({ lastName: 'Duchemin' }),
    });
    expect(duplicate.status).toBe(409);
    expect((duplicate.body as { existingFileNumber: string }).existingFileNumber).toBe(request.fileNumber);

    const young = await http.call('POST', '/requests', {
      token: antenna,
      headers: { 'idempotency-key': randomUUID() },
      json: newRequestBody({ lastName: 'JEUNE', birthDate: '2013-01-01' }),
    });
    expect(young.status).toBe(422);
    expect((young.body as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('GUARDIAN_CONSENT_REQUIRED');
    const unknownUai = await http.call('POST', '/requests', {
      token: antenna,
      headers: { 'idempotency-key': randomUUID() },
      json: newRequestBody({ lastName: 'AILLEURS', uai: '0599999X' }),
    });
    expect(unknownUai.status).toBe(422);
    const wrongAntenna = await http.call('POST', '/requests', {
      token: antenna,
      headers: { 'idempotency-key': randomUUID() },
      json: {
        ...newRequestBody({ lastName: 'AUTRE' }),
        assistedBy: { antennaId: 'ANT-059-09', staffId: 'a', displayName: 'A' },
      },
    });
    expect(wrongAntenna.status).toBe(403);
    const noKey = await http.call('POST', '/requests', {
      token: antenna,
      json: newRequestBody({ lastName: 'SANSCLE' }),
    });
    expect(noKey.status).toBe(400);

    const jpeg = await sharp({ create: { width: 413, height: 531, channels: 3, background: '#d9dde3' } })
      .jpeg()
      .toBuffer();
    const put = (bytes: Buffer, contentType: string, id = request.id) =>
      http.call('PUT', `/requests/${id}/photo`, { token: antenna, raw: { bytes, contentType } });
    const uploaded = await put(jpeg, 'image/jpeg');
    expect(uploaded.status).toBe(200);
    expect((uploaded.body as { requestVersion: number }).requestVersion).toBe(request.version + 1);
    const same = await put(jpeg, 'image/jpeg');
    expect(same.body).toEqual(uploaded.body);

    expect((await put(jpeg, 'image/png')).status).toBe(415);
    expect((await put(Buffer.from('GIF89a....'), 'image/gif')).status).toBe(415);
    const truncated = Buffer.concat([jpeg.subarray(0, 200)]);
    const unreadable = await put(truncated, 'image/jpeg');
    expect(unreadable.status).toBe(422);
    expect(problemType(unreadable)).toBe('image-unreadable');
    const tooLarge = await put(Buffer.alloc(5_242_881, 0xff), 'image/jpeg');
    expect(tooLarge.status).toBe(413);
    expect((await put(jpeg, 'image/jpeg', randomUUID())).status).toBe(404);

    const withPhoto = (uploaded.body as { requestVersion: number }).requestVersion;
    const decided = await http.call('POST', `/requests/${request.id}/prevalidation`, {
      token: etab,
      headers: decisionHeaders(withPhoto),
      json: decisionBody({ decision: 'REJECTED', reasonCodes: ['NOT_ENROLLED'] }),
    });
    expect(decided.status).toBe(200);
    const locked = await put(await sharp(jpeg).jpeg({ quality: 50 }).toBuffer(), 'image/jpeg');
    expect(locked.status).toBe(409);
    expect(problemType(locked)).toBe('request-not-editable');
  });

  it('injected faults answer 429 and 5xx the way the contract declares them', async () => {
    sim.faults.configure({ seed: 9, errorRate: { me: 1 }, rateLimitRate: { getRequest: 1 } });
    const statuses = new Set<number>();
    for (let i = 0; i < 12; i++) statuses.add((await http.call('GET', '/me', { token: etab })).status);
    expect(statuses).toEqual(new Set([500, 503]));
    const limited = await http.call('GET', `/requests/${requests[0]?.id}`, { token: etab });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    sim.faults.reset();
    expect((await http.call('GET', '/me', { token: etab })).status).toBe(200);
  });

  it('answered only statuses and shapes the document declares, covering every operation', () => {
    expect(http.contractErrors).toEqual([]);
    const operations = new Set([...http.seen].map((s) => s.split(' ')[0]));
    expect([...operations].sort()).toEqual(
      [
        'issueToken',
        'getMe',
        'listReasons',
        'listEstablishments',
        'listRequestChanges',
        'createRequest',
        'getRequest',
        'uploadRequestPhoto',
        'getRequestTimeline',
        'prevalidateRequest',
        'prevalidateBatch',
        'getPhoto',
        'listCardChanges',
        'lookupCard',
        'revalidateCard',
      ].sort(),
    );
    const statuses = new Set([...http.seen].map((s) => Number(s.split(' ')[1])));
    for (const status of [200, 201, 207, 304, 400, 401, 403, 404, 409, 410, 413, 415, 422, 428, 429, 500, 503]) {
      expect(statuses.has(status), `status ${status} exercised`).toBe(true);
    }
  });
});
