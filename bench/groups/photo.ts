/**
 * Photo checks: stage A (sharp + JS loops) on a 600×800 and a 12-megapixel JPEG, in process; the
 * face model's load and stage B per photo in the real check process; then the background checking
 * of 2,000 distinct cached photos after a sync through the app's service (store reads, check
 * process, result rows), with the longest event-loop stall of the process answering the UI measured
 * meanwhile. That last part runs in a child process that does only what the app's UI-facing process
 * does (photoBackgroundChild.ts: a real sync from the simulator, then the checks), not in this one,
 * whose heap carries the stage A timings and the photo composition. Photos are real faces from the
 * face-api samples (dev dependency) composed as ID photos; `PHOTO_BENCH_COUNT` lowers the 2,000 for
 * a quick run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createPhotoCheckWorker } from '../../electron/main/services/photoChecks/photoCheckWorkerClient';
import { runStageA } from '../../electron/main/services/photoChecks/stageA';
import { sha256Hex, storePhoto } from '../../electron/main/services/photos/photoStore';
import { openDatabase } from '../../electron/main/services/store/openDatabase';
import { composeIdPhoto, SAMPLE_FACES } from '../../tests/photoChecks/fixtures';
import { type BenchGroup, type BenchRow } from '../benchRow';
import { BENCH_STORE_KEY } from '../benchStoreKey';
import { percentile, round } from '../percentiles';
import { freshDatabaseFile } from '../seededStore';

const BACKGROUND_CHILD = path.join(import.meta.dirname, '..', 'photoBackgroundChild.ts');

/** The background figures, from a child process that only does what the app's UI-facing one does. */
function runBackgroundChild(file: string, photosDir: string): BenchRow[] {
  const out = path.join(path.dirname(file), 'background.json');
  const child = spawnSync(process.execPath, [...process.execArgv, BACKGROUND_CHILD, file, photosDir, out], {
    stdio: 'inherit',
  });
  if (child.status !== 0 || !fs.existsSync(out)) {
    throw new Error(`[bench.photo] background child failed (exit ${child.status ?? child.signal ?? 'unknown'})`);
  }
  return JSON.parse(fs.readFileSync(out, 'utf8')) as BenchRow[];
}

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

    // Background checking after a sync: distinct cached photos, one per request to review, checked
    // in a process that only does what the app's UI-facing one does (photoBackgroundChild.ts).
    const count = Number(process.env.PHOTO_BENCH_COUNT ?? 2_000);
    const file = freshDatabaseFile('photo');
    const photosDir = path.join(path.dirname(file), 'photos');
    const db = openDatabase({ key: BENCH_STORE_KEY, file });
    try {
      for (let i = 0; i < count; i += 1) {
        const bytes = distinct(bases[i % bases.length]!, `bench-${i}`);
        await storePhoto(
          db,
          photosDir,
          { sha256: sha256Hex(bytes), contentType: 'image/jpeg', width: 455, height: 585 },
          bytes,
        );
      }
    } finally {
      db.close();
    }
    rows.push(...runBackgroundChild(file, photosDir));
    return rows;
  },
};
