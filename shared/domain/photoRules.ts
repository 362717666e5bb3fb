/**
 * The ID-photo rules (ANTS / ISO/IEC 19794-5 as the Region applies them) as pure functions from
 * measurements to verdicts. Measuring happens elsewhere (electron/main/services/photoChecks/);
 * keeping the thresholds here lets them be table-tested and read in one place.
 *
 * Every threshold has a warning band before the failure so that a compliant photo measured a little
 * off (estimates, compression) is never marked as failing: a warning asks staff to look, a failure
 * pre-fills a reason code — staff still decide.
 */
import {
  type PhotoCheckDetail,
  type PhotoCheckId,
  type PhotoCheckResult,
  type PhotoReasonCode,
  type PhotoVerdict,
} from '../schemas/photoChecks';

export const PHOTO_RULES = {
  /** At most 5 MiB for an upload. */
  maxBytes: 5 * 1024 * 1024,
  /** Decompression-bomb guard: more pixels than this are never decoded (a 12 MP camera photo passes). */
  maxPixels: 40_000_000,
  /** 35×45 mm at 300 dpi. */
  minWidth: 413,
  minHeight: 531,
  ratio: 35 / 45,
  ratioWarn: 0.03,
  ratioFail: 0.08,
  /** Share of clipped pixels in the central region (percent). */
  clippedWarn: 6,
  clippedFail: 20,
  /** Mean luminance (0–255) of the central region. */
  darkFail: 45,
  darkWarn: 70,
  brightWarn: 225,
  brightFail: 240,
  /** Laplacian variance on the normalised crop (see NORMALISED_HEIGHT): below = blurrier. */
  sharpWarn: 22,
  sharpFail: 10,
  /** Standard deviation of the border strips' luminance. */
  backgroundStdWarn: 12,
  backgroundStdFail: 24,
  /** Mean border luminance: white is refused, dark is refused. */
  whiteWarn: 238,
  whiteFail: 246,
  darkBackgroundFail: 120,
  darkBackgroundWarn: 150,
  /** Mean HSV saturation of the border strips (percent): light blue ≈ 15–25 passes. */
  saturationWarn: 30,
  saturationFail: 40,
  /** Face height (chin to crown) as a share of the photo's height, percent: 70–80 passes. */
  faceBandMin: 70,
  faceBandMax: 80,
  faceBandTolerance: 6,
  /** Horizontal offset of the face centre from the photo's centre, percent of the width. */
  centreWarn: 6,
  centreFail: 12,
  /** Head angles in degrees: pitch estimates are the noisiest, hence the wider band. */
  rollWarn: 8,
  rollFail: 15,
  yawWarn: 10,
  yawFail: 20,
  pitchWarn: 15,
  pitchFail: 28,
  /** Eye aspect ratio (lid gap / eye width) of the less open eye: open eyes measure 0.2–0.35. */
  eyeWarn: 0.16,
  eyeFail: 0.09,
} as const;

/**
 * Stage A measures at this height, so sharpness compares across sizes: the minimum compliant
 * height, so a compliant photo is only ever scaled down (upscaling would blur it).
 */
export const NORMALISED_HEIGHT = 531;

export type SniffedFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'heic' | 'svg' | 'text' | 'unknown' | 'empty';

/** What stage A measured on the file and the decoded pixels. */
export interface StageAMeasures {
  format: SniffedFormat;
  bytes: number;
  /** Width × height announced by the header, before orientation (null: unreadable header). */
  headerPixels: number | null;
  /** null when the image was not decoded (refused format, too many pixels, corrupt). */
  decoded: null | {
    width: number;
    height: number;
    space: 'srgb' | 'cmyk' | 'grayscale' | 'other';
    hasAlpha: boolean;
    rotated: boolean;
    pages: number;
    clippedHighPct: number;
    clippedLowPct: number;
    centreMeanLuma: number;
    sharpness: number;
    background: { meanLuma: number; stdLuma: number; saturationPct: number };
  };
  decodeFailure: 'corrupt' | null;
}

/** What stage B measured (faces above the size floor only). */
export interface FaceMeasures {
  faceCount: number;
  primary: null | {
    /** Chin-to-crown height, percent of the photo's height. */
    heightPct: number;
    /** Face centre minus photo centre, percent of the width (signed). */
    centreOffsetPct: number;
    rollDeg: number;
    yawDeg: number;
    pitchDeg: number;
    /** The less open eye's aspect ratio (null: no landmarks to measure it). */
    eyeOpenness: number | null;
  };
}

const REASON_OF: Record<PhotoCheckId, PhotoReasonCode> = {
  format: 'PHOTO_NOT_A_PHOTO',
  fileSize: 'PHOTO_NOT_A_PHOTO',
  pixelCount: 'PHOTO_NOT_A_PHOTO',
  decodable: 'PHOTO_NOT_A_PHOTO',
  colourSpace: 'PHOTO_NOT_A_PHOTO',
  dimensions: 'PHOTO_TOO_SMALL',
  ratio: 'PHOTO_NOT_A_PHOTO',
  exposure: 'PHOTO_FACE_NOT_VISIBLE',
  sharpness: 'PHOTO_BLURRY',
  backgroundUniformity: 'PHOTO_BACKGROUND',
  backgroundColour: 'PHOTO_BACKGROUND',
  faceCount: 'PHOTO_FACE_NOT_VISIBLE',
  faceCentred: 'PHOTO_NOT_A_PHOTO',
  faceHeight: 'PHOTO_NOT_A_PHOTO',
  headPose: 'PHOTO_FACE_NOT_VISIBLE',
  eyesOpen: 'PHOTO_FACE_NOT_VISIBLE',
};

/** The Region reason code a non-passing check suggests (several faces: multiple people). */
export function reasonCodeFor(
  id: PhotoCheckId,
  verdict: PhotoVerdict,
  detail: PhotoCheckDetail,
): PhotoReasonCode | null {
  if (verdict === 'pass') return null;
  if (id === 'faceCount' && detail === 'multipleFaces') return 'PHOTO_MULTIPLE_PEOPLE';
  return REASON_OF[id];
}

function result(
  id: PhotoCheckId,
  verdict: PhotoVerdict,
  detail: PhotoCheckDetail,
  value: number | null,
  unit: PhotoCheckResult['unit'],
): PhotoCheckResult {
  return { id, verdict, detail, value, unit, reasonCode: reasonCodeFor(id, verdict, detail) };
}

/** Higher is worse: `warnAt` ≤ value < `failAt` warns. */
function grade(value: number, warnAt: number, failAt: number): PhotoVerdict {
  if (value >= failAt) return 'fail';
  if (value >= warnAt) return 'warning';
  return 'pass';
}

/** Lower is worse. */
function gradeLow(value: number, warnBelow: number, failBelow: number): PhotoVerdict {
  if (value < failBelow) return 'fail';
  if (value < warnBelow) return 'warning';
  return 'pass';
}

const RANK: Record<PhotoVerdict, number> = { pass: 0, warning: 1, fail: 2 };

const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

export function judgeStageA(m: StageAMeasures): PhotoCheckResult[] {
  const R = PHOTO_RULES;
  const checks: PhotoCheckResult[] = [];
  if (m.format === 'empty') {
    return [result('decodable', 'fail', 'empty', m.bytes, 'bytes')];
  }
  const accepted = m.format === 'jpeg' || m.format === 'png';
  checks.push(
    m.format === 'jpeg' || m.format === 'png'
      ? result('format', 'pass', 'ok', null, null)
      : result('format', 'fail', m.format, null, null),
  );
  checks.push(
    result(
      'fileSize',
      m.bytes > R.maxBytes ? 'fail' : 'pass',
      m.bytes > R.maxBytes ? 'tooLarge' : 'ok',
      m.bytes,
      'bytes',
    ),
  );
  if (!accepted) return checks;
  if (m.headerPixels !== null && m.headerPixels > R.maxPixels) {
    checks.push(result('pixelCount', 'fail', 'tooLarge', round(m.headerPixels / 1e6), 'megapixels'));
    return checks;
  }
  const d = m.decoded;
  if (d === null) {
    checks.push(result('decodable', 'fail', 'corrupt', null, null));
    return checks;
  }
  checks.push(result('pixelCount', 'pass', 'ok', round((d.width * d.height) / 1e6), 'megapixels'));
  checks.push(result('decodable', 'pass', 'ok', null, null));

  // Colour encoding: an animation is not a photo; CMYK, grayscale and transparency are shown for a look.
  let colour: [PhotoVerdict, PhotoCheckDetail] = ['pass', d.rotated ? 'rotated' : 'ok'];
  if (d.pages > 1) colour = ['fail', 'animated'];
  else if (d.space === 'grayscale') colour = ['warning', 'grayscale'];
  else if (d.space === 'cmyk') colour = ['warning', 'cmyk'];
  else if (d.hasAlpha) colour = ['warning', 'alpha'];
  checks.push(result('colourSpace', colour[0], colour[1], null, null));

  const small = d.width < R.minWidth || d.height < R.minHeight;
  checks.push(result('dimensions', small ? 'fail' : 'pass', small ? 'tooSmall' : 'ok', d.height, 'px'));

  const ratio = d.width / d.height;
  const ratioGap = Math.abs(ratio - R.ratio) / R.ratio;
  const ratioVerdict = grade(ratioGap, R.ratioWarn + 1e-9, R.ratioFail + 1e-9);
  checks.push(
    result(
      'ratio',
      ratioVerdict,
      ratioVerdict === 'pass' ? 'ok' : ratio > R.ratio ? 'tooWide' : 'tooNarrow',
      round(ratio, 3),
      'ratio',
    ),
  );

  const clipped = Math.max(d.clippedHighPct, d.clippedLowPct);
  const exposureParts: [PhotoVerdict, PhotoCheckDetail][] = [
    [grade(d.clippedHighPct, R.clippedWarn, R.clippedFail), 'overexposed'],
    [grade(d.clippedLowPct, R.clippedWarn, R.clippedFail), 'underexposed'],
    [gradeLow(d.centreMeanLuma, R.darkWarn, R.darkFail), 'underexposed'],
    [grade(d.centreMeanLuma, R.brightWarn, R.brightFail), 'overexposed'],
  ];
  const exposure = exposureParts.reduce((a, b) => (RANK[b[0]] > RANK[a[0]] ? b : a));
  checks.push(result('exposure', exposure[0], exposure[0] === 'pass' ? 'ok' : exposure[1], round(clipped), 'percent'));

  const sharp = gradeLow(d.sharpness, R.sharpWarn, R.sharpFail);
  checks.push(result('sharpness', sharp, 'ok', round(d.sharpness), 'variance'));

  const bg = d.background;
  const uniform = grade(bg.stdLuma, R.backgroundStdWarn, R.backgroundStdFail);
  checks.push(
    result('backgroundUniformity', uniform, uniform === 'pass' ? 'ok' : 'notUniform', round(bg.stdLuma), 'level'),
  );

  const white = grade(bg.meanLuma, R.whiteWarn, R.whiteFail);
  const darkBg = gradeLow(bg.meanLuma, R.darkBackgroundWarn, R.darkBackgroundFail);
  const saturated = grade(bg.saturationPct, R.saturationWarn, R.saturationFail);
  // White only counts when the border is not coloured (a very light blue is allowed).
  const candidates: [PhotoVerdict, PhotoCheckDetail, number, PhotoCheckResult['unit']][] = [
    [saturated, 'tooSaturated', round(bg.saturationPct), 'percent'],
    [white, 'tooWhite', round(bg.meanLuma), 'level'],
    [darkBg, 'tooDark', round(bg.meanLuma), 'level'],
  ];
  const colourPick = candidates.reduce((a, b) => (RANK[b[0]] > RANK[a[0]] ? b : a));
  checks.push(
    colourPick[0] === 'pass'
      ? result('backgroundColour', 'pass', 'ok', round(bg.meanLuma), 'level')
      : result('backgroundColour', colourPick[0], colourPick[1], colourPick[2], colourPick[3]),
  );
  return checks;
}

export function judgeFaces(m: FaceMeasures): PhotoCheckResult[] {
  const R = PHOTO_RULES;
  if (m.faceCount === 0 || m.primary === null) {
    return [result('faceCount', 'fail', 'noFace', 0, 'count')];
  }
  const checks: PhotoCheckResult[] = [];
  checks.push(
    m.faceCount > 1
      ? result('faceCount', 'fail', 'multipleFaces', m.faceCount, 'count')
      : result('faceCount', 'pass', 'ok', 1, 'count'),
  );
  const f = m.primary;
  const offset = Math.abs(f.centreOffsetPct);
  const centred = grade(offset, R.centreWarn, R.centreFail);
  checks.push(
    result('faceCentred', centred, centred === 'pass' ? 'ok' : 'offCentre', round(f.centreOffsetPct), 'percent'),
  );

  let band: PhotoVerdict = 'pass';
  let bandDetail: PhotoCheckDetail = 'ok';
  if (f.heightPct < R.faceBandMin) {
    band = f.heightPct < R.faceBandMin - R.faceBandTolerance ? 'fail' : 'warning';
    bandDetail = 'tooSmall';
  } else if (f.heightPct > R.faceBandMax) {
    band = f.heightPct > R.faceBandMax + R.faceBandTolerance ? 'fail' : 'warning';
    bandDetail = 'tooLarge';
  }
  checks.push(result('faceHeight', band, bandDetail, round(f.heightPct), 'percent'));

  const axes: [PhotoCheckDetail, number, number, number][] = [
    ['roll', Math.abs(f.rollDeg), R.rollWarn, R.rollFail],
    ['yaw', Math.abs(f.yawDeg), R.yawWarn, R.yawFail],
    ['pitch', Math.abs(f.pitchDeg), R.pitchWarn, R.pitchFail],
  ];
  // The axis furthest into its own band decides (a 12° pitch is fine, a 12° roll is not).
  const scored = axes.map(([detail, value, warn, fail]) => ({
    detail,
    value,
    verdict: grade(value, warn, fail),
    score: value / warn,
  }));
  const worstAxis = scored.reduce((a, b) => (b.score > a.score ? b : a));
  checks.push(
    result(
      'headPose',
      worstAxis.verdict,
      worstAxis.verdict === 'pass' ? 'ok' : worstAxis.detail,
      round(worstAxis.value),
      'degrees',
    ),
  );

  if (f.eyeOpenness === null) {
    // Not measured is not « closed »: staff look.
    checks.push(result('eyesOpen', 'warning', 'eyesClosed', null, 'ratio'));
  } else {
    const eyes = gradeLow(f.eyeOpenness, R.eyeWarn, R.eyeFail);
    checks.push(result('eyesOpen', eyes, eyes === 'pass' ? 'ok' : 'eyesClosed', round(f.eyeOpenness, 2), 'ratio'));
  }
  return checks;
}

/** The worst verdict, and the distinct reason codes of the failing checks (warnings suggest none). */
export function summarise(checks: PhotoCheckResult[]): {
  overall: PhotoVerdict;
  suggestedReasonCodes: PhotoReasonCode[];
} {
  let overall: PhotoVerdict = 'pass';
  const codes: PhotoReasonCode[] = [];
  for (const check of checks) {
    if (RANK[check.verdict] > RANK[overall]) overall = check.verdict;
    if (check.verdict === 'fail' && check.reasonCode !== null && !codes.includes(check.reasonCode)) {
      codes.push(check.reasonCode);
    }
  }
  return { overall, suggestedReasonCodes: codes };
}
