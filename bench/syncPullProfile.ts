/**
 * The 20k pull alone, for `node --cpu-prof --import tsx bench/syncPullProfile.ts` (the simulator
 * in a child, so the profile is the app's process only). Also prints the recordDecision cost.
 * With PULL_PROFILE=<file>, the main thread's CPU profile of the pull alone (no start-up) is
 * written there, for the breakdown without the module loading.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setStderrLogging } from '../electron/main/services/log/logger';
import { createRegionClient } from '../electron/main/services/region/regionClient';
import { openDatabase } from '../electron/main/services/store/openDatabase';
import { createSyncEngine } from '../electron/main/services/sync/syncEngine';
import { startSimChild } from './syncSimChild';
import { BENCH_STORE_KEY } from './benchStoreKey';

setStderrLogging(false);
const sim = await startSimChild({ requests: 20_000, seed: 1, uais: 1 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sync-profile-'));
try {
  const db = openDatabase({ key: BENCH_STORE_KEY, file: path.join(dir, 'app.sqlite'), backgroundCheckpoints: true });

  const { clientId, clientSecret } = sim.clients.establishment;
  const client = createRegionClient({ baseUrl: sim.baseUrl, clientId, clientSecret, userAgent: 'bench-sync' });
  const engine = createSyncEngine({
    db,
    target: () => client,
    photosDir: path.join(dir, 'photos'),
    currentStaff: () => ({ staffId: 'bench-desk-01', displayName: 'Poste de mesure' }),
    pageLimit: Number(process.env.PAGE ?? 500),
    prefetchPhotos: false,
  });
  await client.tokens.getToken();
  const stall = monitorEventLoopDelay({ resolution: 1 });
  stall.enable();
  const started = performance.now();
  // Which synchronous blocks stall the loop, and when: a 1 ms ticker notes every gap over 30 ms.
  const gaps: string[] = [];
  let last = performance.now();
  const ticker = setInterval(() => {
    const t = performance.now();
    if (t - last > 30) gaps.push(`${(t - last).toFixed(0)} ms at ${((last - started) / 1000).toFixed(2)} s`);
    last = t;
  }, 1);
  const session = process.env.PULL_PROFILE ? new Session() : null;
  if (session !== null) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  await engine.pullOnce();
  if (session !== null) {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(String(process.env.PULL_PROFILE), JSON.stringify(profile));
    session.disconnect();
  }
  clearInterval(ticker);
  stall.disable();
  console.log(`[bench.syncProfile] gaps over 30 ms: ${gaps.join(', ') || 'none'}`);
  console.log(
    `[bench.syncProfile] pull ${((performance.now() - started) / 1000).toFixed(2)} s, stall ${(stall.max / 1e6).toFixed(1)} ms`,
  );
  if (process.argv.includes('--decisions')) {
    const rows = db.sqlite
      .prepare("SELECT id, version FROM requests WHERE status = 'SUBMITTED' AND photo_id IS NOT NULL LIMIT 500")
      .all() as Array<{ id: string; version: number }>;
    const t0 = performance.now();
    for (const r of rows) {
      engine.recordDecision({
        requestId: r.id,
        seenVersion: r.version,
        decision: 'APPROVED',
        photoVerdict: 'COMPLIANT',
        reasonCodes: [],
      });
    }
    console.log(`[bench.syncProfile] ${rows.length} decisions recorded in ${(performance.now() - t0).toFixed(0)} ms`);
  }
  await engine.stop();
  db.close();
} finally {
  await sim.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
