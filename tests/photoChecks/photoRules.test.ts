import { describe, expect, it } from 'vitest';
import {
  judgeFaces,
  judgeStageA,
  PHOTO_RULES,
  reasonCodeFor,
  summarise,
  type FaceMeasures,
  type StageAMeasures,
} from '../../shared/domain/photoRules';

const decoded = (over: Partial<NonNullable<StageAMeasures['decoded']>> = {}): StageAMeasures => ({
  format: 'jpeg',
  bytes: 120_000,
  headerPixels: 455 * 585,
  decodeFailure: null,
  decoded: {
    width: 455,
    height: 585,
    space: 'srgb',
    hasAlpha: false,
    rotated: false,
    pages: 1,
    clippedHighPct: 0,
    clippedLowPct: 0,
    centreMeanLuma: 130,
    sharpness: 60,
    background: { meanLuma: 214, stdLuma: 2, saturationPct: 2 },
    ...over,
  },
});

const verdictOf = (m: StageAMeasures, id: string) => judgeStageA(m).find((c) => c.id === id);

describe('stage A rules', () => {
  it('passes every check of a compliant photo', () => {
    const checks = judgeStageA(decoded());
    expect(checks.filter((c) => c.verdict !== 'pass')).toEqual([]);
    expect(summarise(checks)).toEqual({ overall: 'pass', suggestedReasonCodes: [] });
  });

  it.each([
    ['webp', 'webp'],
    ['heic', 'heic'],
    ['svg', 'svg'],
    ['gif', 'gif'],
    ['text', 'text'],
    ['unknown', 'unknown'],
  ] as const)('refuses the %s format as not a photo', (format, detail) => {
    const checks = judgeStageA({ format, bytes: 10, headerPixels: null, decoded: null, decodeFailure: null });
    expect(checks[0]).toMatchObject({ id: 'format', verdict: 'fail', detail, reasonCode: 'PHOTO_NOT_A_PHOTO' });
  });

  it('reports an empty file, a corrupt one and a decompression bomb distinctly', () => {
    expect(judgeStageA({ format: 'empty', bytes: 0, headerPixels: null, decoded: null, decodeFailure: null })).toEqual([
      expect.objectContaining({ id: 'decodable', verdict: 'fail', detail: 'empty' }),
    ]);
    const corrupt = judgeStageA({
      format: 'jpeg',
      bytes: 9,
      headerPixels: 100,
      decoded: null,
      decodeFailure: 'corrupt',
    });
    expect(corrupt.find((c) => c.id === 'decodable')).toMatchObject({ verdict: 'fail', detail: 'corrupt' });
    const bomb = judgeStageA({ format: 'png', bytes: 9, headerPixels: 4e8, decoded: null, decodeFailure: null });
    expect(bomb.find((c) => c.id === 'pixelCount')).toMatchObject({ verdict: 'fail', detail: 'tooLarge', value: 400 });
    expect(bomb.some((c) => c.id === 'decodable')).toBe(false);
  });

  it.each([
    // [measure override, check, verdict, detail]
    [{ width: 412 }, 'dimensions', 'fail', 'tooSmall'],
    [{ width: 413, height: 531 }, 'dimensions', 'pass', 'ok'],
    [{ width: 455, height: 455 }, 'ratio', 'fail', 'tooWide'],
    [{ width: 450, height: 585 }, 'ratio', 'pass', 'ok'],
    [{ width: 430, height: 585 }, 'ratio', 'warning', 'tooNarrow'],
    [{ clippedHighPct: 25 }, 'exposure', 'fail', 'overexposed'],
    [{ clippedLowPct: 8 }, 'exposure', 'warning', 'underexposed'],
    [{ centreMeanLuma: 30 }, 'exposure', 'fail', 'underexposed'],
    [{ sharpness: PHOTO_RULES.sharpFail - 1 }, 'sharpness', 'fail', 'ok'],
    [{ sharpness: PHOTO_RULES.sharpWarn - 1 }, 'sharpness', 'warning', 'ok'],
    [{ background: { meanLuma: 252, stdLuma: 1, saturationPct: 1 } }, 'backgroundColour', 'fail', 'tooWhite'],
    [{ background: { meanLuma: 240, stdLuma: 1, saturationPct: 1 } }, 'backgroundColour', 'warning', 'tooWhite'],
    [{ background: { meanLuma: 210, stdLuma: 1, saturationPct: 18 } }, 'backgroundColour', 'pass', 'ok'],
    [{ background: { meanLuma: 100, stdLuma: 1, saturationPct: 70 } }, 'backgroundColour', 'fail', 'tooSaturated'],
    [{ background: { meanLuma: 110, stdLuma: 1, saturationPct: 5 } }, 'backgroundColour', 'fail', 'tooDark'],
    [{ background: { meanLuma: 200, stdLuma: 30, saturationPct: 5 } }, 'backgroundUniformity', 'fail', 'notUniform'],
    [{ background: { meanLuma: 200, stdLuma: 15, saturationPct: 5 } }, 'backgroundUniformity', 'warning', 'notUniform'],
    [{ space: 'cmyk' }, 'colourSpace', 'warning', 'cmyk'],
    [{ space: 'grayscale' }, 'colourSpace', 'warning', 'grayscale'],
    [{ hasAlpha: true }, 'colourSpace', 'warning', 'alpha'],
    [{ rotated: true }, 'colourSpace', 'pass', 'rotated'],
    [{ pages: 3 }, 'colourSpace', 'fail', 'animated'],
  ] as const)('%j → %s %s (%s)', (over, id, verdict, detail) => {
    expect(verdictOf(decoded(over as never), id)).toMatchObject({ verdict, detail });
  });

  it('fails a file over 5 MiB and maps it to a reason code', () => {
    const m = decoded();
    m.bytes = PHOTO_RULES.maxBytes + 1;
    expect(verdictOf(m, 'fileSize')).toMatchObject({ verdict: 'fail', reasonCode: 'PHOTO_NOT_A_PHOTO' });
  });
});

const face = (over: Partial<NonNullable<FaceMeasures['primary']>> = {}, count = 1): FaceMeasures => ({
  faceCount: count,
  primary: { heightPct: 75, centreOffsetPct: 1, rollDeg: 2, yawDeg: 3, pitchDeg: 5, eyeOpenness: 0.3, ...over },
});

describe('face rules', () => {
  it('passes a centred, straight face in the band with open eyes', () => {
    expect(judgeFaces(face()).every((c) => c.verdict === 'pass')).toBe(true);
  });

  it.each([
    [face({}, 0), 'faceCount', 'fail', 'noFace', 'PHOTO_FACE_NOT_VISIBLE'],
    [face({}, 2), 'faceCount', 'fail', 'multipleFaces', 'PHOTO_MULTIPLE_PEOPLE'],
    [face({ heightPct: 60 }), 'faceHeight', 'fail', 'tooSmall', 'PHOTO_NOT_A_PHOTO'],
    [face({ heightPct: 67 }), 'faceHeight', 'warning', 'tooSmall', 'PHOTO_NOT_A_PHOTO'],
    [face({ heightPct: 79.9 }), 'faceHeight', 'pass', 'ok', null],
    [face({ heightPct: 90 }), 'faceHeight', 'fail', 'tooLarge', 'PHOTO_NOT_A_PHOTO'],
    [face({ centreOffsetPct: -15 }), 'faceCentred', 'fail', 'offCentre', 'PHOTO_NOT_A_PHOTO'],
    [face({ rollDeg: 20 }), 'headPose', 'fail', 'roll', 'PHOTO_FACE_NOT_VISIBLE'],
    [face({ yawDeg: -12 }), 'headPose', 'warning', 'yaw', 'PHOTO_FACE_NOT_VISIBLE'],
    [face({ pitchDeg: 12 }), 'headPose', 'pass', 'ok', null],
    [face({ eyeOpenness: 0.05 }), 'eyesOpen', 'fail', 'eyesClosed', 'PHOTO_FACE_NOT_VISIBLE'],
    [face({ eyeOpenness: null }), 'eyesOpen', 'warning', 'eyesClosed', 'PHOTO_FACE_NOT_VISIBLE'],
  ] as const)('%# %s → %s', (m, id, verdict, detail, reasonCode) => {
    expect(judgeFaces(m).find((c) => c.id === id)).toMatchObject({ verdict, detail, reasonCode });
  });

  it('suggests the distinct reason codes of failing checks only, warnings suggest none', () => {
    const checks = [...judgeFaces(face({ rollDeg: 30, eyeOpenness: 0.01, yawDeg: 12 }))];
    expect(summarise(checks)).toEqual({ overall: 'fail', suggestedReasonCodes: ['PHOTO_FACE_NOT_VISIBLE'] });
    expect(summarise(judgeFaces(face({ heightPct: 68 })))).toEqual({ overall: 'warning', suggestedReasonCodes: [] });
    expect(reasonCodeFor('sharpness', 'pass', 'ok')).toBeNull();
  });
});
