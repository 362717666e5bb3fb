/**
 * The photo group's background figures, measured in a process of their own that does what the app's
 * UI-facing process does and nothing else: it opens the store as the services do, pulls a sync from
 * the simulator (in its own child), then lets the photo check service check the cached photos in the
 * background while the loop's longest stall is measured.
 *
 * Why not in the group's process: that one has composed the photos with sharp and timed stage A on
 * a 12 MP image (work the app only ever does in its check process), and its heap carries that
 * history. V8's memory reducer compacts the heap once the loop goes quiet, and on that heap (49 MB
 * committed, 15 MB live) its pause alone was 14.7 ms; the app's own process never grows so. The sync
 * before the checks gives this process the heap history the app has when the checks start.
 *
 * Usage (by bench/groups/photo.ts): `<store file> <photos dir> <out json>`. The parent has cached the
 * photos to check (real faces composed as ID photos, distinct bytes each) in that store and closed it;
 * after the sync they become the photos of the synced requests, as a photo prefetch would make them.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setStderrLogging } from '../electron/main/services/log/logger';
import { createPhotoCheckService } from '../electron/main/services/photoChecks/photoCheckService';
import { createRegionClient } from '../electron/main/services/region/regionClient';
import { preferShortGcPauses } from '../electron/main/services/runtime/shortGcPauses';
import { openDatabase } from '../electron/main/services/store/openDatabase';
import { createSyncEngine } from '../electron/main/services/sync/syncEngine';
import { type BenchRow } from './benchRow';
import { BENCH_STORE_KEY } from './benchStoreKey';
import { collectGarbage } from './collectGarbage';
import { round } from './percentiles';
import { startSimChild } from './syncSimChild';

/** Requests of the sync that precedes the checks (at least as many as the photos checked). */
const SYNC_REQUESTS = Math.max(2_000, Number(process.env.PHOTO_BENCH_COUNT ?? 0));

const [file, photosDir, out] = process.argv.slice(2);
if (file === undefined || photosDir === undefined || out === undefined) {
  throw new Error('[bench.photoBackground] usage: <store file> <photos dir> <out json>');
}
setStderrLogging(false);
// As the app's UI-facing process does at start-up (Electron shell, headless host).
preferShortGcPauses();

const db = openDatabase({ key: BENCH_STORE_KEY, file, backgroundCheckpoints: true });
const rows: BenchRow[] = [];
try {
  const sim = await startSimChild({ requests: SYNC_REQUESTS, seed: 7, uais: 1 });
  try {
    const { clientId, clientSecret } = sim.clients.establishment;
    const client = createRegionClient({ baseUrl: sim.baseUrl, clientId, clientSecret, userAgent: 'bench-photo' });
    const engine = createSyncEngine({
      db,
      target: () => client,
      photosDir,
      currentStaff: () => ({ staffId: 'bench-desk-01', displayName: 'Poste de mesure' }),
      // The checked photos are the bench's real faces, already cached by the parent: the sync's
      // own photos (the simulator's drawings) would only add files the checks also go through.
      prefetchPhotos: false,
    });
    await engine.pullOnce();
    await engine.stop();
  } finally {
    await sim.close();
  }
  const shas = db.sqlite.prepare('SELECT sha256 FROM photos ORDER BY sha256').pluck().all() as string[];
  const ids = db.sqlite.prepare('SELECT id FROM requests ORDER BY id LIMIT ?').pluck().all(shas.length) as string[];
  if (ids.length < shas.length) throw new Error('[bench.photoBackground] fewer synced requests than photos');
  const setPhoto = db.sqlite.prepare<[string, string]>('UPDATE requests SET photo_sha256 = ? WHERE id = ?');
  db.sqlite.transaction(() => ids.forEach((id, i) => setPhoto.run(shas[i]!, id)))();

  const service = createPhotoCheckService({ db, photosDir });
  try {
    const first = db.sqlite
      .prepare('SELECT id FROM requests WHERE photo_sha256 IS NOT NULL ORDER BY id LIMIT 1')
      .get() as { id: string } | undefined;
    if (first === undefined) throw new Error('[bench.photoBackground] no cached photo to check');
    await service.checkRequest(first.id); // check process started and model loaded, as after start-up
    // The measured run does not pay for the garbage of the setup above (as in the sync group).
    collectGarbage();
    const stall = monitorEventLoopDelay({ resolution: 1 });
    const started = performance.now();
    stall.enable();
    service.schedule();
    await service.idle();
    stall.disable();
    const seconds = (performance.now() - started) / 1000;
    const checked = service.status().checkedSinceStart - 1;
    if (service.status().pending !== 0) throw new Error('[bench.photoBackground] background queue did not finish');
    rows.push({
      id: 'photo.background_per_s',
      value: round(checked / seconds, 1),
      unit: 'photos/s',
      note: `${checked} distinct photos after a ${SYNC_REQUESTS}-request sync, 1 check process, 2 cores; ≥ 6`,
    });
    rows.push({
      id: 'photo.background_stall_ms',
      value: round(stall.max / 1e6, 1),
      unit: 'ms',
      note: 'longest loop delay of the UI-facing process meanwhile; ≤ 20',
    });
    // The same probe with nothing running: on a shared machine the OS alone delays the loop.
    const floor = monitorEventLoopDelay({ resolution: 1 });
    floor.enable();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    floor.disable();
    rows.push({
      id: 'photo.idle_stall_ms',
      value: round(floor.max / 1e6, 1),
      unit: 'ms',
      note: 'same probe for 5 s with nothing running: the machine noise floor (no target)',
    });
  } finally {
    await service.close();
  }
} finally {
  db.close();
}
fs.writeFileSync(out, JSON.stringify(rows));
// The check process and keep-alive sockets may hold the loop open: the figures are written.
process.exit(0);
