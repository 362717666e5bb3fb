/**
 * ID-photo pre-checks (issue 5): what a check measured and what it concludes. The checks help staff
 * spot a photo the Region's provider would refuse; they never decide. Each check maps to one of the
 * Region's photo reason codes so the decision form can be pre-filled (staff confirm or change it).
 *
 * Shapes only, platform-free: the thresholds live in shared/domain/photoRules.ts, the measuring in
 * electron/main/services/photoChecks/, the French wording in renderer/i18n/fr.ts (`photoChecks`).
 */
import { z } from 'zod';

/**
 * Raised whenever a threshold, a measurement or the model changes: stored results of another
 * version are recomputed in the background, results of this version are never computed twice.
 */
export const CHECKS_VERSION = 1;

export const PhotoCheckId = z.enum([
  // Stage A (file and pixels, sharp)
  'format',
  'fileSize',
  'pixelCount',
  'decodable',
  'colourSpace',
  'dimensions',
  'ratio',
  'exposure',
  'sharpness',
  'backgroundUniformity',
  'backgroundColour',
  // Stage B (face detection, @vladmandic/human)
  'faceCount',
  'faceCentred',
  'faceHeight',
  'headPose',
  'eyesOpen',
]);
export type PhotoCheckId = z.infer<typeof PhotoCheckId>;

export const PhotoVerdict = z.enum(['pass', 'warning', 'fail']);
export type PhotoVerdict = z.infer<typeof PhotoVerdict>;

/**
 * Why a check concluded as it did, beyond its number: the renderer words it in French
 * (« format non accepté : WebP », « image illisible »…).
 */
export const PhotoCheckDetail = z.enum([
  'ok',
  'webp',
  'gif',
  'heic',
  'svg',
  'text',
  'unknown',
  'empty',
  'corrupt',
  'animated',
  'cmyk',
  'grayscale',
  'alpha',
  'rotated',
  'tooWhite',
  'tooSaturated',
  'tooDark',
  'notUniform',
  'overexposed',
  'underexposed',
  'noFace',
  'multipleFaces',
  'tooHigh',
  'tooLow',
  'offCentre',
  'tooSmall',
  'tooLarge',
  'tooWide',
  'tooNarrow',
  'roll',
  'yaw',
  'pitch',
  'eyesClosed',
]);
export type PhotoCheckDetail = z.infer<typeof PhotoCheckDetail>;

export const PhotoReasonCode = z.enum([
  'PHOTO_BLURRY',
  'PHOTO_BACKGROUND',
  'PHOTO_FACE_NOT_VISIBLE',
  'PHOTO_HEAD_COVERED',
  'PHOTO_MULTIPLE_PEOPLE',
  'PHOTO_TOO_SMALL',
  'PHOTO_NOT_A_PHOTO',
]);
export type PhotoReasonCode = z.infer<typeof PhotoReasonCode>;

export const PhotoCheckResult = z.object({
  id: PhotoCheckId,
  verdict: PhotoVerdict,
  detail: PhotoCheckDetail,
  /** The measured value in `unit` (null when nothing could be measured, e.g. no face). */
  value: z.number().nullable(),
  unit: z.enum(['bytes', 'px', 'megapixels', 'ratio', 'percent', 'variance', 'level', 'degrees', 'count']).nullable(),
  /** The Region reason code a non-passing result suggests (null for a pass). */
  reasonCode: PhotoReasonCode.nullable(),
});
export type PhotoCheckResult = z.infer<typeof PhotoCheckResult>;

export const PhotoChecksReport = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  checksVersion: z.number().int().min(1),
  computedAt: z.string(),
  overall: PhotoVerdict,
  /** False when the face stage could not run (model unavailable): face checks are missing. */
  faceStage: z.enum(['done', 'notApplicable', 'unavailable']),
  checks: z.array(PhotoCheckResult),
  /** Distinct reason codes of the failing checks: what the decision form pre-fills. */
  suggestedReasonCodes: z.array(PhotoReasonCode),
  /** Width × height after EXIF orientation (null when the image could not be decoded). */
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});
export type PhotoChecksReport = z.infer<typeof PhotoChecksReport>;

export const PhotoChecksAnswer = z.object({
  requestId: z.string(),
  /** 'noPhoto': the request has no photo or it is not cached yet; 'unavailable': the checker failed. */
  state: z.enum(['ready', 'noPhoto', 'unavailable']),
  report: PhotoChecksReport.nullable(),
  /**
   * For a returning student: an earlier request of the same card holder whose photo is cached here,
   * to show side by side (for the human eye only: photos are never compared by the app). The Region
   * sends no photo with the cards roster, so this is often null.
   */
  previousPhotoRequestId: z.string().nullable(),
});
export type PhotoChecksAnswer = z.infer<typeof PhotoChecksAnswer>;

export const PhotoCheckStatus = z.object({
  checksVersion: z.number().int(),
  /** Photos waiting in the background queue, including the one being checked. */
  pending: z.number().int().min(0),
  checkedSinceStart: z.number().int().min(0),
  running: z.boolean(),
  /** The face model could not be loaded: face checks are missing until the next start. */
  faceModelAvailable: z.boolean().nullable(),
});
export type PhotoCheckStatus = z.infer<typeof PhotoCheckStatus>;

export const PhotoFlaggedQuery = z.strictObject({
  verdict: z.enum(['fail', 'warning', 'any']).default('any'),
  limit: z.number().int().min(1).max(500).default(200),
});

export const PhotoFlaggedItem = z.object({
  requestId: z.string(),
  fileNumber: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  submittedAt: z.string(),
  overall: PhotoVerdict,
  failing: z.array(PhotoCheckId),
  warnings: z.array(PhotoCheckId),
});
export type PhotoFlaggedItem = z.infer<typeof PhotoFlaggedItem>;

export const PhotoFlaggedList = z.object({ items: z.array(PhotoFlaggedItem), total: z.number().int() });
export type PhotoFlaggedList = z.infer<typeof PhotoFlaggedList>;
