/**
 * The decision form's state and its check. The shape sent is the contract's DecisionDraft (parsed
 * with its zod schema); the Region's business rules that the schema leaves to the server (reasons
 * required for a rejection or redirection, photo reasons for a non-compliant photo, no reasons on
 * an approval) are checked here too, so staff see a French message before anything is queued.
 */
import { type DecisionDraft as DecisionDraftT, DecisionDraft } from '../../../shared/schemas/domain';
import { type ReasonT } from '../../../shared/schemas/domain';
import { fr } from '../../i18n/fr';

export type Outcome = DecisionDraftT['decision'];
export type PhotoVerdict = DecisionDraftT['photoVerdict'];

export interface DecisionFormState {
  decision: Outcome;
  photoVerdict: PhotoVerdict;
  /** PREVALIDATION reasons (reject / redirect). */
  reasonCodes: string[];
  /** PHOTO reasons (non-compliant photo). */
  photoReasonCodes: string[];
  comment: string;
  targetUai: string | null;
}

export const EMPTY_FORM: DecisionFormState = {
  decision: 'APPROVED',
  photoVerdict: 'COMPLIANT',
  reasonCodes: [],
  photoReasonCodes: [],
  comment: '',
  targetUai: null,
};

export type FormField = 'reasonCodes' | 'photoReasonCodes' | 'targetUai' | 'comment' | 'form';
export type FormErrors = Partial<Record<FormField, string>>;

export interface RequestRef {
  id: string;
  version: number;
  establishmentUai: string;
  hasPhoto: boolean;
}

export type DraftCheck = { ok: true; draft: DecisionDraftT } | { ok: false; errors: FormErrors };

const MESSAGES = fr.prevalidation.form.errors;

export function buildDraft(form: DecisionFormState, request: RequestRef): DraftCheck {
  const errors: FormErrors = {};
  const needsReasons = form.decision !== 'APPROVED';
  if (needsReasons && form.reasonCodes.length === 0) errors.reasonCodes = MESSAGES.reasonRequired;
  if (form.photoVerdict === 'NON_COMPLIANT' && form.photoReasonCodes.length === 0) {
    errors.photoReasonCodes = MESSAGES.photoReasonRequired;
  }
  if (form.decision === 'REDIRECTED') {
    if (!form.targetUai) errors.targetUai = MESSAGES.targetRequired;
    else if (form.targetUai === request.establishmentUai) errors.targetUai = MESSAGES.targetSame;
  }
  if (form.decision === 'APPROVED' && !request.hasPhoto) errors.form = MESSAGES.noPhoto;

  const comment = form.comment.trim();
  const candidate = {
    requestId: request.id,
    seenVersion: request.version,
    decision: form.decision,
    photoVerdict: form.photoVerdict,
    reasonCodes: [
      ...(needsReasons ? form.reasonCodes : []),
      ...(form.photoVerdict === 'NON_COMPLIANT' ? form.photoReasonCodes : []),
    ],
    ...(comment ? { comment } : {}),
    ...(form.decision === 'REDIRECTED' && form.targetUai ? { targetUai: form.targetUai } : {}),
  };
  const parsed = DecisionDraft.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === 'comment') errors.comment = MESSAGES.commentTooLong;
      else if (field === 'targetUai') errors.targetUai ??= MESSAGES.targetRequired;
      else errors.form ??= MESSAGES.invalid;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) {
    return { ok: false, errors: Object.keys(errors).length > 0 ? errors : { form: MESSAGES.invalid } };
  }
  return { ok: true, draft: parsed.data };
}

/** Active reasons of one scope, in catalog order: the keyboard numbers them 1–9 in this order. */
export function reasonsOf(reasons: readonly ReasonT[], scope: ReasonT['appliesTo']): ReasonT[] {
  return reasons.filter((reason) => reason.active && reason.appliesTo === scope);
}
