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

export const LocalDecision = z.object({
  id: Uuid,
  requestId: Uuid,
  seenVersion: Version,
  idempotencyKey: Uuid,
  decision: DecisionOutcome,
  photoVerdict: PhotoVerdict,
  reasonCodes: z.array(ReasonCode),
  comment: DecisionComment.optional(),
  targetUai: Uai.optional(),
  decidedBy: StaffMember,
  decidedAt: IsoDateTime,
  syncState: LocalSyncState,
});
export type LocalDecision = z.infer<typeof LocalDecision>;

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
