/**
 * Sync against the real simulator, each figure beside a raw reference measured in the same run:
 * - initial pull of 20,000 requests into a fresh store vs a loop that only GETs the same pages;
 *   the longest event-loop stall and the RSS after that pull; HTTP calls of an unchanged re-pull;
 * - 5,000 decisions recorded offline then pushed vs plain batch POSTs of 100 from a loop;
 * - photo prefetch of the photos of ~2,000 SUBMITTED requests vs a plain 4-way download loop.
 *
 * The simulator serves 24 distinct photos of 3–14 KB (7 KB on average, not 60 KB), shared by all
 * requests. The cache is content-addressed, so a prefetch downloads each distinct photo once: the
 * raw reference downloads the same distinct URLs, 4 at a time, and both are repeated in rounds on
 * empty caches. Downloading 2,000 URLs cannot be measured here: the Region's 1,200 calls/minute per
 * client (enforced by the simulator) would turn it into a 100 s rate-limit wait. The photo part
 * runs on its own simulator so the pull and push calls do not eat its rate budget.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { type Got } from 'got';
import { setStderrLogging } from '../../electron/main/services/log/logger';
import { prefetchPhotos } from '../../electron/main/services/photos/prefetchPhotos';
import { createRegionClient, type RegionClient } from '../../electron/main/services/region/regionClient';
import { openDatabase, type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { createSyncEngine } from '../../electron/main/services/sync/syncEngine';
import { startSimulator, type RouteId } from '../../region-sim';
import { type BenchGroup, type BenchRow } from '../benchRow';
import { round } from '../percentiles';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const PULL_REQUESTS = 20_000;
const PAGE_LIMIT = 500;
const PUSH_DECISIONS = 5_000;
const RAW_BATCH = 100;
/** ≈ 2,000 SUBMITTED requests with a photo (70 % SUBMITTED, 94 % of those with a photo). */
const PHOTO_SIM_REQUESTS = 3_040;
const PHOTO_ROUNDS = 15;
const STAFF = { staffId: 'bench-desk-01', displayName: 'Poste de mesure' };
const FEED_ROUTES: RouteId[] = [
  'token',
  'me',
  'reasons',
  'establishments',
  'requestFeed',
  'cardFeed',
  'photo',
  'prevalidate',
  'batch',
];

const tempDirs: string[] = [];
process.on('exit', () => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-sync-${label}-`));
  tempDirs.push(dir);
  return dir;
}

/** `global.gc` without requiring `--expose-gc` on the command line. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}

function clientFor(sim: Sim): RegionClient {
  const { clientId, clientSecret } = sim.clients.establishment;
  return createRegionClient({ baseUrl: sim.baseUrl, clientId, clientSecret, userAgent: 'bench-sync' });
}

function calls(sim: Sim): number {
  return FEED_ROUTES.reduce((sum, route) => sum + sim.admin.callCount(route), 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timed<T>(run: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { seconds: (performance.now() - started) / 1000, value };
}

async function authorization(client: RegionClient): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await client.tokens.getToken()}` };
}

/** The same pages as the engine's pull, JSON-parsed and dropped: the network + server share alone. */
async function rawPull(http: Got, headers: Record<string, string>, uais: readonly string[]): Promise<number> {
  let items = 0;
  for (const feed of ['requests', 'cards']) {
    for (const uai of uais) {
      let cursor: string | null = null;
      for (;;) {
        const query: string = `limit=${PAGE_LIMIT}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const body = JSON.parse(await http(`establishments/${uai}/${feed}/changes?${query}`, { headers }).text()) as {
          items: unknown[];
          nextCursor: string;
          hasMore: boolean;
        };
        items += body.items.length;
        cursor = body.nextCursor;
        if (!body.hasMore) break;
      }
    }
  }
  return items;
}

interface Target {
  id: string;
  version: number;
  uai: string;
}

function submittedWithPhoto(db: AppDatabase): Target[] {
  return db.sqlite
    .prepare(
      `SELECT id, version, establishment_uai AS uai FROM requests
        WHERE status = 'SUBMITTED' AND photo_id IS NOT NULL ORDER BY id`,
    )
    .all() as Target[];
}

async function rawPush(http: Got, headers: Record<string, string>, targets: readonly Target[]): Promise<number> {
  const byUai = new Map<string, Target[]>();
  for (const t of targets) byUai.set(t.uai, [...(byUai.get(t.uai) ?? []), t]);
  let applied = 0;
  for (const [uai, list] of byUai) {
    for (let start = 0; start < list.length; start += RAW_BATCH) {
      const decidedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      const items = list.slice(start, start + RAW_BATCH).map((t) => ({
        requestId: t.id,
        idempotencyKey: randomUUID(),
        ifMatchVersion: t.version,
        decision: 'APPROVED',
        photoVerdict: 'COMPLIANT',
        reasonCodes: [],
        decidedBy: STAFF,
        decidedAt,
      }));
      const answer = JSON.parse(
        await http(`establishments/${uai}/prevalidations:batch`, { method: 'POST', headers, json: { items } }).text(),
      ) as { results: Array<{ status: number }> };
      applied += answer.results.filter((r) => r.status === 200).length;
    }
  }
  return applied;
}

function pendingCount(db: AppDatabase): number {
  const row = db.sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE state IN ('PENDING', 'SENDING')").get() as {
    n: number;
  };
  return row.n;
}

async function pullAndPush(): Promise<BenchRow[]> {
  const sim = await startSimulator({ requests: PULL_REQUESTS, seed: 1 });
  try {
    const uais = sim.clients.establishment.uais;
    const dir = tempDir('pull');
    const db = openDatabase({ file: path.join(dir, 'app.sqlite') });
    const client = clientFor(sim);
    let online = true;
    const engine = createSyncEngine({
      db,
      target: () => (online ? client : null),
      photosDir: path.join(dir, 'photos'),
      currentStaff: () => STAFF,
      pageLimit: PAGE_LIMIT,
      prefetchPhotos: false,
    });
    await client.tokens.getToken();

    // Raw reference first, on its own connection with its token fetched once (not timed).
    const raw = clientFor(sim);
    const rawHeaders = await authorization(raw);
    await rawPull(raw.http, rawHeaders, uais); // warms the simulator's caches for both measured runs
    const rawRun = await timed(() => rawPull(raw.http, rawHeaders, uais));

    const stall = monitorEventLoopDelay({ resolution: 1 });
    stall.enable();
    const pull = await timed(() => engine.pullOnce());
    stall.disable();
    const stored = (db.sqlite.prepare('SELECT count(*) AS n FROM requests').get() as { n: number }).n;
    collectGarbage();
    const rssMb = process.memoryUsage().rss / 2 ** 20;

    const beforeUnchanged = calls(sim);
    await engine.pullOnce();
    const unchangedCalls = calls(sim) - beforeUnchanged;

    const targets = submittedWithPhoto(db);
    if (targets.length < 2 * PUSH_DECISIONS) throw new Error(`[bench.sync] only ${targets.length} SUBMITTED requests`);
    const engineSet = targets.slice(0, PUSH_DECISIONS);
    const rawSet = targets.slice(PUSH_DECISIONS, 2 * PUSH_DECISIONS);
    online = false;
    for (const t of engineSet) {
      engine.recordDecision({
        requestId: t.id,
        seenVersion: t.version,
        decision: 'APPROVED',
        photoVerdict: 'COMPLIANT',
        reasonCodes: [],
      });
    }
    online = true;
    const beforePush = calls(sim);
    const push = await timed(async () => {
      for (let round = 0; round < 20 && pendingCount(db) > 0; round++) await engine.pushOnce();
    });
    const pushCalls = calls(sim) - beforePush;
    const leftPending = pendingCount(db);
    const rawPushRun = await timed(() => rawPush(raw.http, rawHeaders, rawSet));
    await engine.stop();
    db.close();

    console.log(
      `[bench.sync] pulled ${stored} requests (raw loop read ${rawRun.value} items); pushed ${PUSH_DECISIONS} ` +
        `(${leftPending} left pending), raw applied ${rawPushRun.value}`,
    );
    return [
      { id: 'sync.pull20k_s', value: round(pull.seconds, 2), unit: 's', note: `${stored} requests + cards; < 5` },
      { id: 'sync.pull20k_raw_s', value: round(rawRun.seconds, 2), unit: 's', note: 'GET same pages, JSON.parse only' },
      { id: 'sync.pull20k_ratio', value: round(pull.seconds / rawRun.seconds, 2), unit: 'x', note: 'target ≤ 1.5' },
      { id: 'sync.stall_ms', value: round(stall.max / 1e6, 1), unit: 'ms', note: 'longest loop delay in pull; < 50' },
      { id: 'sync.rss_mb', value: round(rssMb, 0), unit: 'MiB', note: 'after pull + GC; < 350' },
      { id: 'sync.pull_unchanged_requests', value: unchangedCalls, unit: 'calls', note: 'second pull; ≤ 3' },
      { id: 'sync.push5k_s', value: round(push.seconds, 2), unit: 's', note: `${leftPending} left pending; < 10` },
      { id: 'sync.push5k_requests', value: pushCalls, unit: 'calls', note: '≤ 60' },
      { id: 'sync.push5k_raw_s', value: round(rawPushRun.seconds, 2), unit: 's', note: 'batch POSTs of 100, loop' },
    ];
  } finally {
    await sim.close();
  }
}

async function photos(): Promise<BenchRow[]> {
  const sim = await startSimulator({ requests: PHOTO_SIM_REQUESTS, seed: 2 });
  try {
    const dir = tempDir('photos');
    const db = openDatabase({ file: path.join(dir, 'app.sqlite') });
    const client = clientFor(sim);
    const engine = createSyncEngine({
      db,
      target: () => client,
      photosDir: path.join(dir, 'unused'),
      currentStaff: () => STAFF,
      pageLimit: PAGE_LIMIT,
      prefetchPhotos: false,
    });
    await engine.pullOnce();
    await engine.stop();
    const requestsWithPhoto = submittedWithPhoto(db).length;
    // One URL per distinct photo: the downloads a content-addressed prefetch actually makes.
    const urls = (
      db.sqlite
        .prepare(
          `SELECT min(photo_id) AS id FROM requests WHERE status = 'SUBMITTED' AND photo_id IS NOT NULL
            GROUP BY photo_sha256`,
        )
        .all() as Array<{ id: string }>
    ).map((r) => `photos/${r.id}`);

    const raw = clientFor(sim);
    const headers = await authorization(raw);
    let rawBytes = 0;
    const rawLoop = async (): Promise<void> => {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < urls.length) {
          const body = await raw.http(urls[next++] as string, { headers }).buffer();
          rawBytes += body.length;
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
    };

    const prefetchTimes: number[] = [];
    const rawTimes: number[] = [];
    let downloads = 0;
    for (let round = 0; round < PHOTO_ROUNDS; round++) {
      const photosDir = path.join(dir, `photos-${round}`);
      db.sqlite.prepare('DELETE FROM photos').run();
      const run = await timed(() => prefetchPhotos({ db, client, photosDir }));
      prefetchTimes.push(run.seconds);
      downloads = run.value.downloaded;
      if (run.value.failed > 0) throw new Error(`[bench.sync] ${run.value.failed} photos failed`);
      rawBytes = 0;
      rawTimes.push((await timed(rawLoop)).seconds);
    }
    db.close();
    const prefetchS = median(prefetchTimes);
    const rawS = median(rawTimes);
    return [
      {
        id: 'sync.photos2k_s',
        value: round(prefetchS, 3),
        unit: 's',
        note: `${requestsWithPhoto} requests, ${downloads} distinct photos downloaded; median of ${PHOTO_ROUNDS}`,
      },
      { id: 'sync.photos2k_raw_s', value: round(rawS, 3), unit: 's', note: `same ${urls.length} URLs, 4 at a time` },
      { id: 'sync.photos2k_ratio', value: round(prefetchS / rawS, 2), unit: 'x', note: 'target ≤ 1.5' },
      {
        id: 'sync.photo_avg_kb',
        value: round(rawBytes / urls.length / 1024, 1),
        unit: 'KiB',
        note: 'simulator photos (spec assumed ~60)',
      },
    ];
  } finally {
    await sim.close();
  }
}

export const syncGroup: BenchGroup = {
  name: 'sync',
  description: 'Pull 20k, unchanged re-pull, push 5k decisions, photo prefetch (engine vs raw HTTP loops)',
  async run() {
    setStderrLogging(false);
    try {
      return [...(await pullAndPush()), ...(await photos())];
    } finally {
      setStderrLogging(true);
    }
  },
};
