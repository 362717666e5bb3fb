/**
 * App shapes of returning students' revalidation: the roster page, the desk look-up, the recorded
 * revalidations and look-ups, and the daily record. Region payloads (Card, Training…) come from
 * region-api/schemas.ts; only what the app adds is defined here.
 */
import { z } from 'zod';
import {
  CardNumber,
  CardStatus,
  FileNumber,
  IsoDate,
  IsoDateTime,
  SchoolYear,
  Training,
  TrainingType,
  Uai,
  Uuid,
} from '../region-api/schemas';
import { OutboxState } from './domain';

export const RevalidationEligibility = z.enum([
  'DUE',
  'ALREADY_THIS_YEAR',
  'ELSEWHERE_THIS_YEAR',
  'LOST',
  'BLOCKED',
  'EXPIRED',
  'NOT_OPEN',
  'NO_SCHOOL_YEAR',
]);
export type RevalidationEligibility = z.infer<typeof RevalidationEligibility>;

/** This desk's revalidation of the card for the current year, if any (its outbox state). */
export const LocalRevalidationState = z.enum(['NONE', 'PENDING', 'ACKED', 'CONFLICT', 'ERROR']);
export type LocalRevalidationState = z.infer<typeof LocalRevalidationState>;

export const RosterFilter = z.strictObject({
  /** Revalidated for the current year (by the Region's roster or by this desk) or not. */
  revalidated: z.enum(['all', 'yes', 'no']).default('all'),
  status: z.enum(['ALL', ...CardStatus.options]).default('ALL'),
  trainingType: TrainingType.optional(),
  /** Last year's class, exactly as the roster gives it. */
  classLabel: z.string().max(60).optional(),
  /** Card number, file number, INE, or a name (then narrowed by `birthDate` when given). */
  query: z.string().max(100).optional(),
  birthDate: IsoDate.optional(),
});
export type RosterFilter = z.infer<typeof RosterFilter>;

export const RosterQuery = z.strictObject({
  filter: RosterFilter,
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type RosterQuery = z.input<typeof RosterQuery>;

export const RosterRow = z.object({
  cardNumber: CardNumber,
  fileNumber: FileNumber,
  lastName: z.string(),
  firstName: z.string(),
  birthDate: IsoDate,
  status: CardStatus,
  establishmentUai: Uai.nullable(),
  lastRevalidatedSchoolYear: SchoolYear.nullable(),
  walletActive: z.boolean(),
  trainingType: TrainingType.nullable(),
  classLabel: z.string().nullable(),
  local: LocalRevalidationState,
  eligibility: RevalidationEligibility,
});
export type RosterRow = z.infer<typeof RosterRow>;

export const RosterPage = z.object({
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
  rows: z.array(RosterRow),
  /** Distinct classes of the roster, for the class filter. */
  classes: z.array(z.string()),
  currentSchoolYear: SchoolYear.nullable(),
});
export type RosterPage = z.infer<typeof RosterPage>;

/** All card numbers matching a filter (for « select this whole class »), capped. */
export const RosterSelection = z.object({ cardNumbers: z.array(CardNumber), truncated: z.boolean() });

export const RevalidationView = z.object({
  id: Uuid,
  cardNumber: CardNumber,
  fileNumber: FileNumber.nullable(),
  lastName: z.string().nullable(),
  firstName: z.string().nullable(),
  schoolYear: SchoolYear,
  uai: Uai,
  training: Training,
  decidedAt: IsoDateTime,
  createdAt: IsoDateTime,
  state: OutboxState,
  attempts: z.number().int().min(0),
  errorCode: z.string().nullable(),
  messageFr: z.string().nullable(),
});
export type RevalidationView = z.infer<typeof RevalidationView>;

export const WalletView = z.object({
  credited: z.boolean(),
  validity: z.object({ from: IsoDate, to: IsoDate }).nullable(),
  usableToday: z.boolean(),
});

export const CardView = z.object({
  row: RosterRow,
  ine: z.string().nullable(),
  wallet: WalletView,
  /** This desk's latest revalidation of the card, any state. */
  revalidation: RevalidationView.nullable(),
  /** Own UAI proposed for the revalidation (the card's, else the one matching the training). */
  proposedUai: Uai.nullable(),
});
export type CardView = z.infer<typeof CardView>;

export const DeskInputKind = z.enum(['CARD_NUMBER', 'FILE_NUMBER', 'INE']);
export const DeskInputProblem = z.enum([
  'EMPTY',
  'CARD_NUMBER_LENGTH',
  'FILE_NUMBER_FORMAT',
  'INE_FORMAT',
  'UNRECOGNISED',
]);

export const DeskLookupInput = z.strictObject({ text: z.string().max(200) });
export const DeskLookupResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('invalid'), problem: DeskInputProblem, digits: z.number().int().optional() }),
  z.object({ outcome: z.literal('found'), kind: DeskInputKind, card: CardView }),
  /** Not in the roster: a card or file number needs the birth date (the Region's look-up). */
  z.object({ outcome: z.literal('notInRoster'), kind: DeskInputKind, value: z.string() }),
]);
export type DeskLookupResult = z.infer<typeof DeskLookupResult>;

export const RemoteLookupInput = z.strictObject({
  kind: z.enum(['CARD_NUMBER', 'FILE_NUMBER']),
  value: z.string().max(20),
  birthDate: IsoDate,
  /** The revalidation wanted, recorded with a pending look-up when offline. */
  training: z.strictObject(Training.shape).optional(),
});
export type RemoteLookupInput = z.infer<typeof RemoteLookupInput>;

export const LookupState = z.enum([
  /** Offline: waits for the next sync. */
  'PENDING',
  /** Found (online at once or at a sync); with `revalidationId` when the wanted one was recorded. */
  'FOUND',
  /** The Region knows no such card with that birth date: follow up with the student. */
  'NOT_FOUND',
  /** Found, but the wanted revalidation could not be recorded (lost, blocked, elsewhere…). */
  'REFUSED',
]);
export type LookupState = z.infer<typeof LookupState>;

export const LookupView = z.object({
  id: Uuid,
  kind: z.enum(['CARD_NUMBER', 'FILE_NUMBER']),
  value: z.string(),
  createdAt: IsoDateTime,
  resolvedAt: IsoDateTime.nullable(),
  state: LookupState,
  cardNumber: CardNumber.nullable(),
  revalidationId: Uuid.nullable(),
  training: Training.nullable(),
  messageFr: z.string().nullable(),
});
export type LookupView = z.infer<typeof LookupView>;

export const RemoteLookupResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('found'), card: CardView, lookup: LookupView }),
  z.object({ outcome: z.literal('notFound'), lookup: LookupView }),
  z.object({ outcome: z.literal('pending'), lookup: LookupView }),
]);
export type RemoteLookupResult = z.infer<typeof RemoteLookupResult>;

export const RevalidationDraft = z.strictObject({
  cardNumber: CardNumber,
  training: z.strictObject(Training.shape),
  /** One of this install's UAIs; default: the card's own, else the one matching the training. */
  uai: Uai.optional(),
});
export type RevalidationDraft = z.infer<typeof RevalidationDraft>;

export const RecordOutcome = z.enum(['RECORDED', 'ALREADY_DONE', 'REFUSED']);
export const RecordResult = z.object({
  cardNumber: CardNumber,
  outcome: RecordOutcome,
  eligibility: RevalidationEligibility.nullable(),
  /** French, for staff: what happened, or what the student must do instead. */
  messageFr: z.string(),
  revalidation: RevalidationView.nullable(),
});
export type RecordResult = z.infer<typeof RecordResult>;

export const BatchRevalidation = z.strictObject({
  cardNumbers: z.array(CardNumber).min(1).max(500),
  training: z.strictObject(Training.shape),
  uai: Uai.optional(),
});
export type BatchRevalidation = z.infer<typeof BatchRevalidation>;

export const BatchRevalidationResult = z.object({
  recorded: z.number().int().min(0),
  alreadyDone: z.number().int().min(0),
  refused: z.number().int().min(0),
  results: z.array(RecordResult),
});
export type BatchRevalidationResult = z.infer<typeof BatchRevalidationResult>;

export const DailyRecord = z.object({
  /** Paris date. */
  date: IsoDate,
  revalidations: z.array(RevalidationView),
  lookups: z.array(LookupView),
});
export type DailyRecord = z.infer<typeof DailyRecord>;
