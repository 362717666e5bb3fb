/**
 * The labelled fixture set through the REAL worker thread (sharp + the face model on tfjs wasm):
 * every compliant photo passes (no check may flag it as failing), every bad file gets its expected
 * failing checks, never a crash. Prints precision and recall per check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../electron/main/services/photos/photoStore';
import {
  createPhotoCheckWorker,
  type PhotoCheckWorker,
} from '../../electron/main/services/photoChecks/photoCheckWorkerClient';
import { PhotoCheckId, type PhotoChecksReport } from '../../shared/schemas/photoChecks';
import { buildFixtures, type Fixture } from './fixtures';

let worker: PhotoCheckWorker;
let fixtures: Fixture[];
const reports = new Map<string, PhotoChecksReport>();

beforeAll(async () => {
  worker = createPhotoCheckWorker();
  fixtures = await buildFixtures({ big: true });
  const warmed = await worker.warm();
  expect(warmed.faceModel).toBe(true);
  for (const fixture of fixtures) {
    const { report } = await worker.check(sha256Hex(fixture.bytes), fixture.bytes);
    reports.set(fixture.name, report);
  }
}, 180_000);

afterAll(async () => {
  await worker.close();
});

const failing = (report: PhotoChecksReport) => report.checks.filter((c) => c.verdict === 'fail').map((c) => c.id);

describe('photo checks on the labelled fixture set', () => {
  it('never marks a compliant photo as failing', () => {
    const good = fixtures.filter((f) => f.kind === 'good');
    expect(good.length).toBeGreaterThanOrEqual(14);
    for (const f of good) {
      const report = reports.get(f.name)!;
      expect({ name: f.name, failing: failing(report) }).toEqual({ name: f.name, failing: [] });
      expect(report.faceStage).toBe('done');
    }
  });

  it('fails each bad photo on the check it was made for, with a reason code to pre-fill', () => {
    for (const f of fixtures.filter((x) => x.expectFail.length > 0)) {
      const report = reports.get(f.name)!;
      expect({ name: f.name, failing: failing(report) }).toEqual({
        name: f.name,
        failing: expect.arrayContaining(f.expectFail),
      });
      expect(report.overall).toBe('fail');
      expect(report.suggestedReasonCodes.length).toBeGreaterThan(0);
    }
  });

  it('gives refused and broken files a result without running the face stage', () => {
    for (const name of [
      'zero-bytes.jpg',
      'truncated.jpg',
      'photo.webp',
      'bomb-20000x20000.png',
      'fifty-megabytes.jpg',
    ]) {
      const report = reports.get(name)!;
      expect(report.faceStage).toBe('notApplicable');
      expect(report.width).toBeNull();
    }
    expect(reports.get('bomb-20000x20000.png')!.checks).toContainEqual(
      expect.objectContaining({ id: 'pixelCount', verdict: 'fail', value: 400 }),
    );
  });

  it('applies the EXIF orientation before measuring (portrait dimensions, same verdict as upright)', () => {
    const rotated = reports.get('good-exif-rotated.jpg')!;
    expect(rotated.width! < rotated.height!).toBe(true);
    expect(rotated.checks.find((c) => c.id === 'colourSpace')?.detail).toBe('rotated');
  });

  it('prints precision and recall per check', () => {
    const rows: string[] = [];
    for (const id of PhotoCheckId.options) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (const f of fixtures) {
        const expected = f.expectFail.includes(id);
        const got = failing(reports.get(f.name)!).includes(id);
        if (expected && got) tp += 1;
        else if (!expected && got && f.kind === 'good') fp += 1;
        else if (expected && !got) fn += 1;
      }
      const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
      const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
      rows.push(
        `${id.padEnd(22)} labelled ${String(tp + fn).padStart(2)}  precision ${precision.toFixed(2)}  recall ${recall.toFixed(2)}`,
      );
      // A false positive counts only on compliant photos: a bad photo may fail several checks at once.
      expect(fp).toBe(0);
      expect(recall).toBe(1);
    }
    console.log(`[photoChecks] ${fixtures.length} fixtures\n${rows.join('\n')}`);
  });
});
