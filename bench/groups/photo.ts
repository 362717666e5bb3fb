/**
 * Photo checks: stage A (sharp + JS loops) on a 600×800 and a 12-megapixel JPEG, in process; the
 * face model's load and stage B per photo in the real worker thread; then the background checking
 * of 2,000 distinct cached photos after a sync through the app's service (store reads, worker,
 * result rows), with the longest event-loop stall of this process — the one answering the UI —
 * measured meanwhile. Photos are real faces from the face-api samples (dev dependency) composed as
 * ID photos; `PHOTO_BENCH_COUNT` lowers the 2,000 for a quick run.
 */
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { createPhotoCheckService } from '../../electron/main/services/photoChecks/photoCheckService';
import { createPhotoCheckWorker } from '../../electron/main/services/photoChecks/photoCheckWorkerClient';
import { runStageA } from '../../electron/main/services/photoChecks/stageA';
import { sha256Hex, storePhoto } from '../../electron/main/services/photos/photoStore';
import { openDatabase } from '../../electron/main/services/store/openDatabase';
import { upsertRequests } from '../../electron/main/services/store/requestsRepo';
import { generateDataset } from '../../region-sim/seed/generateDataset';
import { composeIdPhoto, SAMPLE_FACES } from '../../tests/photoChecks/fixtures';
import { collectGarbage } from '../collectGarbage';
import { type BenchGroup, type BenchRow } from '../benchRow';
import { BENCH_STORE_KEY } from '../benchStoreKey';
import { percentile, round } from '../percentiles';
import { freshDatabaseFile } from '../seededStore';

const median = (samples: number[]): number => round(percentile(samples, 50), 1);

/** A JPEG comment segment right after SOI: same pixels, different bytes (one hash per request). */
function distinct(jpeg: Buffer, tag: string): Buffer {
  const text = Buffer.from(tag, 'ascii');
  const header = Buffer.from([0xff, 0xfe, 0, 0]);
  header.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, text, jpeg.subarray(2)]);
}

async function timeStageA(jpeg: Buffer, runs: number): Promise<number> {
  for (let i = 0; i < 3; i += 1) await runStageA(jpeg);
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await runStageA(jpeg);
    samples.push(performance.now() - started);
  }
  return median(samples);
}

export const photoGroup: BenchGroup = {
  name: 'photo',
  description:
    'photo checks: stage A 600×800 and 12 MP, face model load and stage B in the worker, 2,000 in the background',
  async run() {
    const rows: BenchRow[] = [];
    const bases: Buffer[] = [];
    for (const sample of SAMPLE_FACES) {
      const png = await composeIdPhoto({ sample });
      bases.push(await sharp(png).flatten({ background: '#fff' }).jpeg({ quality: 90 }).toBuffer());
    }
    const base = bases[0]!;
    const small = await sharp(base).resize(600, 800).jpeg({ quality: 90 }).toBuffer();
    const big = await sharp(base).resize(3000, 4000).jpeg({ quality: 90 }).toBuffer();
    rows.push({
      id: 'photo.stage_a_median_ms',
      value: await timeStageA(small, 60),
      unit: 'ms',
      note: '600×800 JPEG; ≤ 20',
    });
    rows.push({
      id: 'photo.stage_a_12mp_median_ms',
      value: await timeStageA(big, 15),
      unit: 'ms',
      note: '3000×4000 JPEG; ≤ 60',
    });

    // Model load in a fresh worker (the thread, then blazeface + facemesh + iris from disk).
    const worker = createPhotoCheckWorker();
    try {
      const warmed = await worker.warm();
      if (!warmed.faceModel || warmed.modelReadyMs === null) throw new Error('[bench.photo] face model unavailable');
      rows.push({
        id: 'photo.model_ready_ms',
        value: round(warmed.modelReadyMs, 0),
        unit: 'ms',
        note: 'models from disk; ≤ 1000',
      });
      for (let i = 0; i < 5; i += 1) await worker.check(sha256Hex(bases[i % bases.length]!), bases[i % bases.length]!);
      const stageB: number[] = [];
      for (let i = 0; i < 40; i += 1) {
        const bytes = bases[i % bases.length]!;
        const { timings } = await worker.check(sha256Hex(bytes), bytes);
        if (timings.stageBMs !== null) stageB.push(timings.stageBMs);
      }
      rows.push({
        id: 'photo.stage_b_median_ms',
        value: median(stageB),
        unit: 'ms',
        note: 'after warm-up, in the worker; ≤ 150',
      });
    } finally {
      await worker.close();
    }

    // Background checking after a sync: distinct cached photos, one per request to review.
    const count = Number(process.env.PHOTO_BENCH_COUNT ?? 2_000);
    const file = freshDatabaseFile('photo');
    // As the services open it: WAL checkpoints on their own thread.
    const db = openDatabase({ key: BENCH_STORE_KEY, file, backgroundCheckpoints: true });
    const photosDir = path.join(path.dirname(file), 'photos');
    try {
      const data = generateDataset({ requests: count, cards: 0, seed: 5 });
      upsertRequests(db, data.requests);
      const ids = (db.sqlite.prepare('SELECT id FROM requests ORDER BY id LIMIT ?').all(count) as { id: string }[]).map(
        (r) => r.id,
      );
      const setPhoto = db.sqlite.prepare('UPDATE requests SET photo_sha256 = ? WHERE id = ?');
      for (const [i, id] of ids.entries()) {
        const bytes = distinct(bases[i % bases.length]!, `bench-${i}`);
        const sha256 = sha256Hex(bytes);
        await storePhoto(db, photosDir, { sha256, contentType: 'image/jpeg', width: 455, height: 585 }, bytes);
        setPhoto.run(sha256, id);
      }
      const service = createPhotoCheckService({ db, photosDir });
      try {
        await service.checkRequest(ids[0]!); // worker started and model loaded, as after start-up
        // As for the sync figures: the measured run does not pay for the seeding's garbage.
        collectGarbage();
        const stall = monitorEventLoopDelay({ resolution: 1 });
        const started = performance.now();
        stall.enable();
        service.schedule();
        await service.idle();
        stall.disable();
        const seconds = (performance.now() - started) / 1000;
        const checked = service.status().checkedSinceStart - 1;
        if (service.status().pending !== 0) throw new Error('[bench.photo] background queue did not finish');
        rows.push({
          id: 'photo.background_per_s',
          value: round(checked / seconds, 1),
          unit: 'photos/s',
          note: `${checked} distinct photos, 1 worker, 2 cores; ≥ 6`,
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
    return rows;
  },
};
