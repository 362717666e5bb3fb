/**
 * The decision form's state and its check. The shape sent is the contract's DecisionDraft (parsed
 * with its zod schema); the Region's business rules that the schema leaves to the server are the
 * shared ones (shared/domain/decisionRules.ts, also enforced by the ledger), checked here so staff
 * see a French message on the field at fault before anything is queued.
 */
import {
  checkScopedDecision,
  type DecisionRuleViolation,
  type ScopedDecision,
} from '../../../shared/domain/decisionRules';
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

/** Where a broken rule shows on the form, in French. */
function placeViolation(errors: FormErrors, violation: DecisionRuleViolation): void {
  switch (violation.rule) {
    case 'REASON_REQUIRED':
      errors.reasonCodes ??= MESSAGES.reasonRequired;
      return;
    case 'PHOTO_REASON_REQUIRED':
      errors.photoReasonCodes ??= MESSAGES.photoReasonRequired;
      return;
    case 'TARGET_UAI_REQUIRED':
      errors.targetUai ??= MESSAGES.targetRequired;
      return;
    case 'TARGET_UAI_SAME_AS_CURRENT':
      errors.targetUai ??= MESSAGES.targetSame;
      return;
    case 'PHOTO_MISSING':
      errors.form ??= MESSAGES.noPhoto;
      return;
    // The form only sends the reasons and destination the chosen outcome takes, from the active
    // catalogue: these cannot come from it, and stay a generic refusal if they ever do.
    case 'DUPLICATE_REASON':
    case 'UNKNOWN_REASON_CODE':
    case 'REASON_RETIRED':
    case 'REASON_NOT_ALLOWED':
    case 'PHOTO_REASON_NOT_ALLOWED':
    case 'TARGET_UAI_NOT_ALLOWED':
      errors.form ??= MESSAGES.invalid;
      return;
  }
}

export function buildDraft(form: DecisionFormState, request: RequestRef): DraftCheck {
  const errors: FormErrors = {};
  const needsReasons = form.decision !== 'APPROVED';
  // Reasons ticked before the outcome changed are not sent: the form keeps them only for the UI.
  const scoped: ScopedDecision = {
    decision: form.decision,
    photoVerdict: form.photoVerdict,
    prevalidationReasonCodes: needsReasons ? form.reasonCodes : [],
    photoReasonCodes: form.photoVerdict === 'NON_COMPLIANT' ? form.photoReasonCodes : [],
    targetUai: form.decision === 'REDIRECTED' ? form.targetUai : null,
  };
  for (const violation of checkScopedDecision(scoped, {
    establishmentUai: request.establishmentUai,
    hasPhoto: request.hasPhoto,
  })) {
    placeViolation(errors, violation);
  }

  const comment = form.comment.trim();
  const candidate = {
    requestId: request.id,
    seenVersion: request.version,
    decision: form.decision,
    photoVerdict: form.photoVerdict,
    reasonCodes: [...scoped.prevalidationReasonCodes, ...scoped.photoReasonCodes],
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
