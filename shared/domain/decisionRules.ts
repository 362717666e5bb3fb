/**
 * The Region's business rules on a pre-validation decision (openapi.yaml, POST
 * /requests/{id}/prevalidation, 422 `validation-error` and `photo-missing`) that the DecisionDraft
 * schema leaves to the server. One implementation for the form (French message before anything is
 * queued) and the ledger (a draft the Region would refuse never enters the outbox, whatever the UI).
 *
 * Not checked here, because only the Region knows: that `targetUai` exists (UAI_UNKNOWN) and that
 * `decidedAt` is in range (it is set when recording, from the server-corrected clock).
 */
import { type DecisionOutcome, type PhotoVerdict, type Reason } from '../region-api/schemas';

export const DECISION_RULE_CODES = [
  'DUPLICATE_REASON',
  'UNKNOWN_REASON_CODE',
  'REASON_RETIRED',
  /** A rejection or redirection without a PREVALIDATION reason. */
  'REASON_REQUIRED',
  /** A PREVALIDATION reason on an approval. */
  'REASON_NOT_ALLOWED',
  /** A non-compliant photo without a PHOTO reason. */
  'PHOTO_REASON_REQUIRED',
  /** A PHOTO reason on a compliant photo. */
  'PHOTO_REASON_NOT_ALLOWED',
  'TARGET_UAI_REQUIRED',
  'TARGET_UAI_NOT_ALLOWED',
  'TARGET_UAI_SAME_AS_CURRENT',
  /** An approval of a request without a photo (the Region's 422 `photo-missing`). */
  'PHOTO_MISSING',
] as const;
export type DecisionRuleCode = (typeof DECISION_RULE_CODES)[number];

/** Where a violation belongs on the form: its two reason lists, the destination, or the whole decision. */
export type DecisionRuleField = 'reasonCodes' | 'photoReasonCodes' | 'targetUai' | 'decision';

export interface DecisionRuleViolation {
  rule: DecisionRuleCode;
  field: DecisionRuleField;
  /** The reason code at fault, for the rules about one code. */
  reasonCode?: string;
}

/** What the staff member chose, with the reasons already split by scope (as the form holds them). */
export interface ScopedDecision {
  decision: DecisionOutcome;
  photoVerdict: PhotoVerdict;
  prevalidationReasonCodes: readonly string[];
  photoReasonCodes: readonly string[];
  targetUai?: string | null | undefined;
}

/** The request the decision is taken on, as this workstation knows it. */
export interface DecisionSubject {
  establishmentUai: string;
  hasPhoto: boolean;
}

/** The decision as sent to the Region: one list of reason codes of both scopes. */
export interface WireDecision {
  decision: DecisionOutcome;
  photoVerdict: PhotoVerdict;
  reasonCodes: readonly string[];
  targetUai?: string | null | undefined;
}

type ReasonEntry = Pick<Reason, 'code' | 'appliesTo' | 'active'>;

function duplicates(codes: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const code of codes) {
    if (seen.has(code)) repeated.add(code);
    seen.add(code);
  }
  return [...repeated];
}

function targetRules(
  choice: { decision: DecisionOutcome; targetUai?: string | null | undefined },
  subject: DecisionSubject,
) {
  const violations: DecisionRuleViolation[] = [];
  const target = choice.targetUai ?? null;
  if (choice.decision === 'REDIRECTED') {
    if (target === null || target === '') violations.push({ rule: 'TARGET_UAI_REQUIRED', field: 'targetUai' });
    else if (target === subject.establishmentUai) {
      violations.push({ rule: 'TARGET_UAI_SAME_AS_CURRENT', field: 'targetUai' });
    }
  } else if (target !== null && target !== '') {
    violations.push({ rule: 'TARGET_UAI_NOT_ALLOWED', field: 'targetUai' });
  }
  if (choice.decision === 'APPROVED' && !subject.hasPhoto)
    violations.push({ rule: 'PHOTO_MISSING', field: 'decision' });
  return violations;
}

/**
 * The rules on a decision whose reasons are already split by scope. Scope membership itself (a
 * PHOTO code in the PREVALIDATION list) needs the catalog: see `checkWireDecision`.
 */
export function checkScopedDecision(choice: ScopedDecision, subject: DecisionSubject): DecisionRuleViolation[] {
  const violations: DecisionRuleViolation[] = [];
  for (const code of duplicates([...choice.prevalidationReasonCodes, ...choice.photoReasonCodes])) {
    violations.push({ rule: 'DUPLICATE_REASON', field: 'reasonCodes', reasonCode: code });
  }
  if (choice.decision === 'APPROVED') {
    for (const code of choice.prevalidationReasonCodes) {
      violations.push({ rule: 'REASON_NOT_ALLOWED', field: 'reasonCodes', reasonCode: code });
    }
  } else if (choice.prevalidationReasonCodes.length === 0) {
    violations.push({ rule: 'REASON_REQUIRED', field: 'reasonCodes' });
  }
  if (choice.photoVerdict === 'COMPLIANT') {
    for (const code of choice.photoReasonCodes) {
      violations.push({ rule: 'PHOTO_REASON_NOT_ALLOWED', field: 'photoReasonCodes', reasonCode: code });
    }
  } else if (choice.photoReasonCodes.length === 0) {
    violations.push({ rule: 'PHOTO_REASON_REQUIRED', field: 'photoReasonCodes' });
  }
  return [...violations, ...targetRules(choice, subject)];
}

/**
 * The rules on a decision as sent (one list of codes). With the reason catalog, each code is looked
 * up (unknown, retired, scope) exactly as the Region does. Without it (never downloaded yet) the
 * scopes are unknown, so only what holds whatever the scopes is refused: a rejection or redirection
 * needs at least one reason, a non-compliant photo one more, and an approval of a compliant photo
 * takes none. That never refuses a decision the Region would accept.
 */
export function checkWireDecision(
  decision: WireDecision,
  subject: DecisionSubject,
  catalog: readonly ReasonEntry[] | null,
): DecisionRuleViolation[] {
  if (catalog === null) return checkWithoutCatalog(decision, subject);
  const byCode = new Map(catalog.map((reason) => [reason.code, reason]));
  const violations: DecisionRuleViolation[] = [];
  const prevalidationReasonCodes: string[] = [];
  const photoReasonCodes: string[] = [];
  for (const code of decision.reasonCodes) {
    const reason = byCode.get(code);
    if (!reason) {
      violations.push({ rule: 'UNKNOWN_REASON_CODE', field: 'reasonCodes', reasonCode: code });
      continue;
    }
    if (!reason.active) {
      violations.push({
        rule: 'REASON_RETIRED',
        field: reason.appliesTo === 'PHOTO' ? 'photoReasonCodes' : 'reasonCodes',
        reasonCode: code,
      });
    }
    (reason.appliesTo === 'PHOTO' ? photoReasonCodes : prevalidationReasonCodes).push(code);
  }
  return [
    ...violations,
    ...checkScopedDecision(
      {
        decision: decision.decision,
        photoVerdict: decision.photoVerdict,
        prevalidationReasonCodes,
        photoReasonCodes,
        targetUai: decision.targetUai,
      },
      subject,
    ),
  ];
}

function checkWithoutCatalog(decision: WireDecision, subject: DecisionSubject): DecisionRuleViolation[] {
  const violations: DecisionRuleViolation[] = [];
  for (const code of duplicates(decision.reasonCodes)) {
    violations.push({ rule: 'DUPLICATE_REASON', field: 'reasonCodes', reasonCode: code });
  }
  const count = decision.reasonCodes.length;
  const needsPrevalidation = decision.decision !== 'APPROVED';
  const needsPhoto = decision.photoVerdict === 'NON_COMPLIANT';
  if (!needsPrevalidation && !needsPhoto) {
    for (const code of decision.reasonCodes) {
      violations.push({ rule: 'REASON_NOT_ALLOWED', field: 'reasonCodes', reasonCode: code });
    }
  }
  if (needsPrevalidation && count === 0) violations.push({ rule: 'REASON_REQUIRED', field: 'reasonCodes' });
  if (needsPhoto && count < (needsPrevalidation ? 2 : 1)) {
    violations.push({ rule: 'PHOTO_REASON_REQUIRED', field: 'photoReasonCodes' });
  }
  return [...violations, ...targetRules(decision, subject)];
}
