/**
 * Returning students' revalidation at the desk:
 * - `reval.lookup_host_p95_ms`: the desk field's look-up of a card number among 50,000 cards,
 *   through the headless host's transport (loopback HTTP, token, JSON, contract checks) — what a
 *   barcode scan costs before the card shows;
 * - `reval.batch500_local_ms`: 500 revalidations of a class recorded in the local outbox (median of
 *   3 batches of different cards);
 * - `reval.batch500_push_s`: those 500 pushed to the simulator (a child process, over HTTP, limit
 *   raised so the Region's 1,200 calls/minute does not turn it into a rate-limit wait).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent } from 'node:http';
import { startHeadlessHost } from '../../host/startHost';
import { ME_REFERENCE_KEY } from '../../electron/main/services/region/fetchMe';
import { createRegionClient } from '../../electron/main/services/region/regionClient';
import { recordRevalidationBatch } from '../../electron/main/services/revalidation/revalidationLedger';
import { openDatabase, type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { putReference } from '../../electron/main/services/store/referenceRepo';
import { createSyncEngine } from '../../electron/main/services/sync/syncEngine';
import { type Me } from '../../shared/region-api/schemas';
import { postToHost } from '../hostPost';
import { type BenchGroup, type BenchRow } from '../benchRow';
import { BENCH_STORE_KEY } from '../benchStoreKey';
import { percentile, round } from '../percentiles';
import { benchDataset, seededStore } from '../seededStore';
import { startSimChild } from '../syncSimChild';
import { signInAs } from '../../tests/support/staffSession';

const WARMUP = 200;
const MEASURED = 1_000;
const BATCH = 500;
const STAFF = { staffId: 'bench-desk-01', displayName: 'Poste de mesure' };
const TRAINING = { type: 'LYCEE' as const, classLabel: '1re générale' };

function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `bench-reval-${label}-`));
}

async function lookupThroughHost(db: AppDatabase, cardNumbers: readonly string[]): Promise<BenchRow[]> {
  const dataDir = tempDir('host');
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  fs.copyFileSync(db.file, path.join(dataDir, 'hdf.sqlite'));
  const host = await startHeadlessHost({
    dataDir,
    env: {
      REGION_API_URL: 'http://127.0.0.1:9/generation/v1',
      REGION_CLIENT_ID: 'bench',
      REGION_CLIENT_SECRET: 'x',
      HDF_STORE_KEY: BENCH_STORE_KEY.toString('hex'),
    },
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    // The desk is used by a signed-in secretariat member (the dispatcher refuses anyone else).
    await signInAs(host.services, 'secretariat');
    const samples: number[] = [];
    const run = async (text: string) => {
      const answer = JSON.parse(
        await postToHost(agent, host.origin, host.token, 'cards:lookup', JSON.stringify({ input: { text } })),
      ) as { ok: boolean; value?: { outcome: string }; error?: { code: string } };
      if (!answer.ok || answer.value?.outcome !== 'found') {
        throw new Error(`[bench.reval] look-up answered ${answer.error?.code ?? answer.value?.outcome}`);
      }
    };
    for (const n of cardNumbers.slice(0, WARMUP)) await run(n);
    for (const n of cardNumbers.slice(WARMUP, WARMUP + MEASURED)) {
      const started = performance.now();
      await run(n);
      samples.push(performance.now() - started);
    }
    return [
      {
        id: 'reval.lookup_host_p50_ms',
        value: round(percentile(samples, 50)),
        unit: 'ms',
        note: `${samples.length} scans`,
      },
      { id: 'reval.lookup_host_p95_ms', value: round(percentile(samples, 95)), unit: 'ms', note: 'target ≤ 20' },
    ];
  } finally {
    agent.destroy();
    await host.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The profile the desk would have cached from `/me` for the seeded establishments. */
function cacheMe(db: AppDatabase, uais: readonly string[]): void {
  const me: Me = {
    clientId: 'bench',
    kind: 'ESTABLISHMENT',
    establishments: uais.map((uai) => ({
      uai,
      name: `Établissement ${uai}`,
      type: 'LYCEE',
      postalCode: '59000',
      city: 'Lille',
      academie: 'Lille',
    })),
    currentSchoolYear: '2026-2027',
    revalidationOpensOn: '2026-06-15',
    walletValidity: { from: '2026-07-01', to: '2027-04-30' },
    serverTime: new Date().toISOString(),
  };
  putReference(db, ME_REFERENCE_KEY, me, null);
}

function batchLocal(db: AppDatabase, due: readonly string[]): BenchRow[] {
  const context = { db, now: Date.now, clockSkewMs: () => 0, currentStaff: () => STAFF };
  const times: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    const cardNumbers = due.slice(round * BATCH, (round + 1) * BATCH);
    const started = performance.now();
    const result = recordRevalidationBatch(context, { cardNumbers, training: TRAINING });
    times.push(performance.now() - started);
    if (result.recorded !== BATCH) throw new Error(`[bench.reval] recorded ${result.recorded} of ${BATCH}`);
  }
  return [
    {
      id: 'reval.batch500_local_ms',
      value: round(percentile(times, 50)),
      unit: 'ms',
      note: 'median of 3; target ≤ 1000',
    },
  ];
}

async function batchPush(): Promise<BenchRow[]> {
  // 2,500 requests give 1,000 cards, of which ≈ 600 are due on the client's roster.
  const sim = await startSimChild({ requests: 2_500, seed: 5, rateLimitPerMinute: 100_000 });
  const dir = tempDir('push');
  const db = openDatabase({ key: BENCH_STORE_KEY, file: path.join(dir, 'hdf.sqlite') });
  const { clientId, clientSecret } = sim.clients.establishment;
  const client = createRegionClient({ baseUrl: sim.baseUrl, clientId, clientSecret, userAgent: 'bench-reval' });
  const engine = createSyncEngine({
    db,
    target: () => client,
    photosDir: path.join(dir, 'photos'),
    currentStaff: () => STAFF,
    prefetchPhotos: false,
  });
  try {
    await engine.pullOnce();
    const due = (
      db.sqlite
        .prepare(
          `SELECT card_number FROM cards WHERE status = 'ACTIVE' AND establishment_uai IS NOT NULL
             AND last_revalidated_school_year IS NOT '2026-2027' ORDER BY card_number LIMIT ${BATCH}`,
        )
        .all() as { card_number: string }[]
    ).map((r) => r.card_number);
    if (due.length < BATCH) throw new Error(`[bench.reval] only ${due.length} cards due on the simulator`);
    const recorded = recordRevalidationBatch(engine.ledgerContext(), { cardNumbers: due, training: TRAINING });
    if (recorded.recorded !== BATCH) throw new Error(`[bench.reval] recorded ${recorded.recorded}`);
    const started = performance.now();
    const report = await engine.pushOnce();
    const seconds = (performance.now() - started) / 1000;
    if (report.acked < BATCH) throw new Error(`[bench.reval] only ${report.acked} acknowledged`);
    return [
      { id: 'reval.batch500_push_s', value: round(seconds), unit: 's', note: `${report.httpCalls} calls; target ≤ 5` },
    ];
  } finally {
    await engine.stop();
    db.close();
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const revalGroup: BenchGroup = {
  name: 'reval',
  description: 'desk look-up through the host among 50k cards; 500 revalidations recorded and pushed',
  async run() {
    const data = benchDataset();
    const db = seededStore();
    try {
      const uais = data.demoUais;
      cacheMe(db, uais);
      const cards = data.cards;
      const scans = cards.filter((_, i) => i % 37 === 0).map((c) => c.cardNumber);
      const rows: BenchRow[] = [...(await lookupThroughHost(db, scans))];
      const due = cards
        .filter(
          (c) =>
            c.status === 'ACTIVE' &&
            c.establishmentUai !== null &&
            uais.includes(c.establishmentUai) &&
            c.lastRevalidatedSchoolYear !== '2026-2027',
        )
        .map((c) => c.cardNumber);
      rows.push(...batchLocal(db, due));
      rows.push(...(await batchPush()));
      return rows;
    } finally {
      db.close();
    }
  },
};
