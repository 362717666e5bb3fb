/**
 * The app's domain shapes. Where the Region defines a shape (student, address, establishment,
 * training, card, reason), the app uses the Region's schema as is, so a snapshot from the feed and
 * the row shown on screen cannot drift apart. Local-only shapes (a decision recorded offline, a
 * search hit) are defined here.
 */
import { z } from 'zod';
import {
  Address,
  Card,
  CardNumber,
  CardStatus,
  DecisionComment,
  DecisionOutcome,
  Establishment,
  EstablishmentType,
  FileNumber,
  Ine,
  IsoDate,
  IsoDateTime,
  PhotoVerdict,
  Reason,
  ReasonCode,
  RequestStatus,
  StaffMember,
  Student,
  Training,
  TrainingType,
  Uai,
  Uuid,
  Version,
  ActiveRequest,
  RequestSnapshot,
} from '../region-api/schemas';

export {
  Address,
  Card,
  CardStatus,
  Establishment,
  EstablishmentType,
  Reason,
  ReasonCode,
  RequestStatus,
  StaffMember,
  Student,
  Training,
  TrainingType,
  Uai,
};

/** A request as cached locally: the Region's snapshot plus the app's own sync state. */
export { ActiveRequest as CardRequest } from '../region-api/schemas';

/** A cached request's own state: SYNCED, or the state of the local decision waiting on it. */
export const LOCAL_SYNC_STATES = ['SYNCED', 'PENDING', 'SENDING', 'CONFLICT', 'ERROR'] as const;
export const LocalSyncState = z.enum(LOCAL_SYNC_STATES);
export type LocalSyncState = z.infer<typeof LocalSyncState>;

/**
 * A pre-validation decision as a staff member records it. The rules the Region enforces on the
 * server (422) are checked here first so the form can refuse them before anything is queued.
 */
export const DecisionDraft = z
  .strictObject({
    requestId: Uuid,
    /** The version of the request the staff member looked at: sent as If-Match. */
    seenVersion: Version,
    decision: DecisionOutcome,
    photoVerdict: PhotoVerdict,
    reasonCodes: z.array(ReasonCode).max(10),
    comment: DecisionComment.optional(),
    targetUai: Uai.optional(),
  })
  .superRefine((d, ctx) => {
    if (new Set(d.reasonCodes).size !== d.reasonCodes.length) {
      ctx.addIssue({ code: 'custom', path: ['reasonCodes'], message: 'DUPLICATE_REASON' });
    }
    if (d.decision === 'REDIRECTED' && !d.targetUai) {
      ctx.addIssue({ code: 'custom', path: ['targetUai'], message: 'TARGET_UAI_REQUIRED' });
    }
    if (d.decision !== 'REDIRECTED' && d.targetUai) {
      ctx.addIssue({ code: 'custom', path: ['targetUai'], message: 'TARGET_UAI_NOT_ALLOWED' });
    }
  });
export type DecisionDraft = z.infer<typeof DecisionDraft>;

/**
 * The life of a local decision in the outbox: PENDING (recorded, not yet acknowledged; retried on a
 * timer), SENDING (a call is in flight), ACKED (the Region's final success is stored), CONFLICT
 * (409: the server's current request is kept beside it for staff to resolve), ERROR (another final
 * refusal, e.g. 422: shown to staff, the queue moves on), DROPPED (staff dropped it, kept for audit).
 */
export const OUTBOX_STATES = ['PENDING', 'SENDING', 'ACKED', 'CONFLICT', 'ERROR', 'DROPPED'] as const;
export const OutboxState = z.enum(OUTBOX_STATES);
export type OutboxState = z.infer<typeof OutboxState>;

/** A recorded pre-validation decision as the UI shows it. */
export const DecisionView = z.object({
  id: Uuid,
  requestId: Uuid,
  fileNumber: FileNumber,
  seenVersion: Version,
  decision: DecisionOutcome,
  photoVerdict: PhotoVerdict,
  reasonCodes: z.array(ReasonCode),
  comment: DecisionComment.optional(),
  targetUai: Uai.optional(),
  decidedBy: StaffMember,
  /** Server time (local clock corrected by the skew measured from /me). */
  decidedAt: IsoDateTime,
  state: OutboxState,
  attempts: z.number().int().min(0),
  nextAttemptAt: IsoDateTime.nullable(),
  /** Problem type or local code of the last final refusal or failure; null when none. */
  errorCode: z.string().nullable(),
  /** French explanation for staff; never the server's raw text alone. */
  messageFr: z.string().nullable(),
});
export type DecisionView = z.infer<typeof DecisionView>;

/** A decision in CONFLICT or ERROR, with what staff need to resolve it. */
export const DecisionProblem = z.object({
  decision: DecisionView,
  /** The request as the staff member saw it when deciding (null if no longer cached). */
  seen: ActiveRequest.nullable(),
  /** The server's current state of the request (409 `current`, or the tombstone), if known. */
  current: RequestSnapshot.nullable(),
});
export type DecisionProblem = z.infer<typeof DecisionProblem>;

export const ConflictResolution = z.discriminatedUnion('action', [
  /** Send the same decision again on the server's current version (new key, If-Match = current). */
  z.strictObject({ action: z.literal('keep'), decisionId: Uuid }),
  /** Replace it by a new decision taken on the current version. */
  z.strictObject({ action: z.literal('redecide'), decisionId: Uuid, draft: DecisionDraft }),
  /** Give it up (kept in the outbox as DROPPED for the audit trail). */
  z.strictObject({ action: z.literal('drop'), decisionId: Uuid }),
]);
export type ConflictResolution = z.infer<typeof ConflictResolution>;

/** One line of a student search: a request or a returning student's card. */
export const StudentSearchHit = z.object({
  kind: z.enum(['request', 'card']),
  /** Request id, or card number for a card. */
  id: z.string(),
  fileNumber: FileNumber,
  cardNumber: CardNumber.nullable(),
  ine: Ine.nullable(),
  lastName: z.string(),
  firstName: z.string(),
  birthDate: IsoDate,
  /** Request status or card status. */
  status: z.union([RequestStatus, CardStatus]),
  trainingType: TrainingType.nullable(),
  classLabel: z.string().nullable(),
  establishmentUai: Uai.nullable(),
});
export type StudentSearchHit = z.infer<typeof StudentSearchHit>;

export type EstablishmentT = z.infer<typeof Establishment>;
export type CardT = z.infer<typeof Card>;
export type ReasonT = z.infer<typeof Reason>;
