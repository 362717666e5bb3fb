import { describe, expect, it } from 'vitest';
import { prefillPhotoVerdict } from '../../renderer/features/photos/prefillPhotoVerdict';
import { type PhotoChecksReport } from '../../shared/schemas/photoChecks';
import { type ReasonT } from '../../shared/schemas/domain';

const reason = (code: string, active = true): ReasonT =>
  ({ code, labelFr: code, appliesTo: 'PHOTO', active }) as ReasonT;
const catalogue = [reason('PHOTO_BLURRY'), reason('PHOTO_BACKGROUND'), reason('PHOTO_TOO_SMALL', false)];

const report = (
  overall: PhotoChecksReport['overall'],
  codes: PhotoChecksReport['suggestedReasonCodes'],
): PhotoChecksReport => ({
  sha256: 'a'.repeat(64),
  checksVersion: 1,
  computedAt: '2026-11-26T20:00:00Z',
  overall,
  faceStage: 'done',
  checks: [],
  suggestedReasonCodes: codes,
  width: 455,
  height: 585,
});

describe('prefillPhotoVerdict', () => {
  it('proposes a failing photo as non-compliant with the codes the active catalogue offers', () => {
    expect(prefillPhotoVerdict(report('fail', ['PHOTO_BLURRY', 'PHOTO_TOO_SMALL']), catalogue)).toEqual({
      photoVerdict: 'NON_COMPLIANT',
      photoReasonCodes: ['PHOTO_BLURRY'],
    });
  });

  it('proposes compliant for a passing or warning photo, and when no offered code matches', () => {
    expect(prefillPhotoVerdict(report('pass', []), catalogue).photoVerdict).toBe('COMPLIANT');
    expect(prefillPhotoVerdict(report('warning', []), catalogue).photoVerdict).toBe('COMPLIANT');
    // Retired code only: a non-compliant verdict without a reason would be refused by the Region.
    expect(prefillPhotoVerdict(report('fail', ['PHOTO_TOO_SMALL']), catalogue)).toEqual({
      photoVerdict: 'COMPLIANT',
      photoReasonCodes: [],
    });
  });
});
