/**
 * One photo through both stages, as the worker runs it: stage A always, stage B when the image
 * decoded and the face model is available. Never throws for a bad image: every failure is a check
 * result with a French-worded detail, so the request stays reviewable.
 */
import { judgeFaces, judgeStageA, summarise } from '../../../../shared/domain/photoRules';
import { CHECKS_VERSION, type PhotoChecksReport } from '../../../../shared/schemas/photoChecks';
import { type FaceDetector } from './faceDetector';
import { runStageA } from './stageA';

export interface CheckTimings {
  stageAMs: number;
  stageBMs: number | null;
}

export async function checkPhoto(
  data: Buffer,
  sha256: string,
  detector: FaceDetector | null,
  now: () => Date = () => new Date(),
): Promise<{ report: PhotoChecksReport; timings: CheckTimings }> {
  const t0 = performance.now();
  const stageA = await runStageA(data);
  const stageAMs = performance.now() - t0;
  const checks = judgeStageA(stageA.measures);
  let faceStage: PhotoChecksReport['faceStage'] = 'notApplicable';
  let stageBMs: number | null = null;
  if (stageA.image !== null) {
    if (detector === null) {
      faceStage = 'unavailable';
    } else {
      const t1 = performance.now();
      try {
        checks.push(...judgeFaces(await detector.detect(stageA.image)));
        faceStage = 'done';
      } catch {
        faceStage = 'unavailable';
      }
      stageBMs = performance.now() - t1;
    }
  }
  const { overall, suggestedReasonCodes } = summarise(checks);
  return {
    report: {
      sha256,
      checksVersion: CHECKS_VERSION,
      computedAt: now().toISOString(),
      overall,
      faceStage,
      checks,
      suggestedReasonCodes,
      width: stageA.width,
      height: stageA.height,
    },
    timings: { stageAMs, stageBMs },
  };
}
