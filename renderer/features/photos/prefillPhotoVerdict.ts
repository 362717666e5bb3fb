/**
 * What the decision form pre-fills from the photo checks: a failing photo is proposed as
 * non-compliant with the matching reason codes that the Region's active catalogue offers; anything
 * else is proposed compliant. Staff confirm or change it: nothing is ever decided automatically.
 */
import { type PhotoChecksReport } from '../../../shared/schemas/photoChecks';
import { type ReasonT } from '../../../shared/schemas/domain';

export interface PhotoPrefill {
  photoVerdict: 'COMPLIANT' | 'NON_COMPLIANT';
  photoReasonCodes: string[];
}

export function prefillPhotoVerdict(report: PhotoChecksReport, photoReasons: readonly ReasonT[]): PhotoPrefill {
  if (report.overall !== 'fail') return { photoVerdict: 'COMPLIANT', photoReasonCodes: [] };
  const offered = new Set(photoReasons.filter((r) => r.active && r.appliesTo === 'PHOTO').map((r) => r.code));
  const codes = report.suggestedReasonCodes.filter((code) => offered.has(code));
  // Without a reason the Region would refuse NON_COMPLIANT: propose nothing rather than a broken form.
  if (codes.length === 0) return { photoVerdict: 'COMPLIANT', photoReasonCodes: [] };
  return { photoVerdict: 'NON_COMPLIANT', photoReasonCodes: codes };
}
