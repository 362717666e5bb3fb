/**
 * Zod schemas for the Region API payloads, written from `openapi.yaml` (v1) beside this file.
 * One source of truth for the app's sync client, the simulator and the tests; a contract test
 * checks them against the OpenAPI document.
 *
 * Response objects are parsed with zod's default (unknown members stripped), as the contract says
 * clients MUST ignore unknown members. Request bodies are strict objects, because the server
 * rejects unknown members (422 UNKNOWN_MEMBER).
 */
import { z } from 'zod';

// ---------- primitives ----------
export const Uai = z.string().regex(/^[0-9]{7}[A-Z]$/);
export const Ine = z.string().regex(/^[0-9A-Z]{11}$/);
export const CardNumber = z.string().regex(/^[0-9]{16}$/);
export const FileNumber = z
  .string()
  .max(17)
  .regex(/^[A-Z]{2,4}-[0-9]{4}-[0-9]{7}$/);
export const SchoolYear = z.string().regex(/^[0-9]{4}-[0-9]{4}$/);
export const Version = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const Cursor = z.string().min(1).max(1024);
export const ReasonCode = z
  .string()
  .max(64)
  .regex(/^[A-Z][A-Z0-9_]{1,63}$/);
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
export const Uuid = z.uuid();
export const IsoDate = z.iso.date();
export const IsoDateTime = z.iso.datetime({ offset: true });
export const StaffId = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9._@-]{1,64}$/);
export const AntennaId = z
  .string()
  .max(32)
  .regex(/^[A-Z0-9-]{3,32}$/);

// ---------- auth ----------
export const TokenRequest = z.strictObject({
  grant_type: z.literal('client_credentials'),
  client_id: z.string().min(1).max(64),
  client_secret: z.string().min(1).max(256),
  scope: z.string().max(512).optional(),
});
export const TokenResponse = z.object({
  access_token: z.string().max(4096),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().min(1),
  scope: z.string().max(512).optional(),
});

export const SCOPES = [
  'reference:read',
  'requests:read',
  'requests:prevalidate',
  'requests:create',
  'cards:read',
  'cards:revalidate',
] as const;
export const Scope = z.enum(SCOPES);

// ---------- session and reference ----------
export const ESTABLISHMENT_TYPES = ['LYCEE', 'LP', 'LPO', 'EREA', 'CFA'] as const;
export const EstablishmentType = z.enum(ESTABLISHMENT_TYPES);
export const Establishment = z.object({
  uai: Uai,
  name: z.string().max(120),
  type: EstablishmentType,
  postalCode: z.string().regex(/^[0-9]{5}$/),
  city: z.string().max(60),
  academie: z.string().max(60),
});
export const EstablishmentPage = z.object({
  items: z.array(Establishment).max(500),
  nextCursor: Cursor.nullable(),
  hasMore: z.boolean(),
});
export const Antenna = z.object({
  antennaId: AntennaId,
  name: z.string().max(120),
  city: z.string().max(60),
});
export const WalletValidity = z.object({ from: IsoDate, to: IsoDate });
export const ClientKind = z.enum(['ESTABLISHMENT', 'ANTENNA']);
export const Me = z.object({
  clientId: z.string().max(64),
  kind: ClientKind,
  establishments: z.array(Establishment).max(20),
  antenna: Antenna.optional(),
  currentSchoolYear: SchoolYear,
  revalidationOpensOn: IsoDate,
  walletValidity: WalletValidity,
  serverTime: IsoDateTime,
});

export const ReasonScope = z.enum(['PREVALIDATION', 'PHOTO']);
export const Reason = z.object({
  code: ReasonCode,
  labelFr: z.string().max(200),
  appliesTo: ReasonScope,
  active: z.boolean(),
});
export const ReasonCatalog = z.object({ items: z.array(Reason) });

// ---------- people, addresses, trainings ----------
export const Student = z.object({
  lastName: z.string().min(1).max(100),
  firstName: z.string().min(1).max(100),
  birthDate: IsoDate,
  email: z.email().max(254),
  ine: Ine.optional(),
});
export const CardHolder = z.object({
  lastName: z.string().max(100),
  firstName: z.string().max(100),
  birthDate: IsoDate,
  ine: Ine.optional(),
});
export const Address = z.object({
  line1: z.string().min(1).max(38),
  line2: z.string().max(38).optional(),
  apartment: z.string().max(38).optional(),
  mailboxName: z.string().max(38).optional(),
  postalCode: z
    .string()
    .min(2)
    .max(10)
    .regex(/^[0-9A-Z][0-9A-Z -]{0,8}[0-9A-Z]$/),
  city: z.string().min(1).max(38),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .default('FR'),
});
export const TRAINING_TYPES = ['LYCEE', 'LP', 'APPRENTICE'] as const;
export const TrainingType = z.enum(TRAINING_TYPES);
export const Training = z.object({
  type: TrainingType,
  classLabel: z.string().max(60).optional(),
});
export const PhotoContentType = z.enum(['image/jpeg', 'image/png']);
export const Photo = z.object({
  id: Uuid,
  sha256: Sha256,
  contentType: PhotoContentType,
  bytes: z.number().int().min(1).max(5_242_880),
  width: z.number().int().min(1).max(20_000),
  height: z.number().int().min(1).max(20_000),
  uploadedAt: IsoDateTime,
});
export const StaffMember = z.object({
  staffId: StaffId,
  displayName: z.string().min(1).max(100),
});

// ---------- decisions ----------
export const DECISION_OUTCOMES = ['APPROVED', 'REJECTED', 'REDIRECTED'] as const;
export const DecisionOutcome = z.enum(DECISION_OUTCOMES);
export const PhotoVerdict = z.enum(['COMPLIANT', 'NON_COMPLIANT']);
export const ReasonCodes = z
  .array(ReasonCode)
  .max(10)
  .refine((codes) => new Set(codes).size === codes.length, { message: 'reason codes must be unique' });
export const DecisionComment = z.string().max(500);

export const Prevalidation = z.object({
  decision: DecisionOutcome,
  photoVerdict: PhotoVerdict,
  reasonCodes: ReasonCodes,
  comment: DecisionComment.optional(),
  targetUai: Uai.optional(),
  decidedBy: StaffMember,
  decidedAt: IsoDateTime,
  establishmentUai: Uai,
  recordedAt: IsoDateTime,
});

// ---------- requests ----------
export const ACTIVE_REQUEST_STATUSES = [
  'SUBMITTED',
  'PREVALIDATED',
  'REJECTED',
  'REDIRECTED',
  'PHOTO_REJECTED',
  'VALIDATED',
  'CARD_IN_PRODUCTION',
  'CARD_SENT',
] as const;
export const TOMBSTONE_STATUSES = ['WITHDRAWN', 'TRANSFERRED'] as const;
export const REQUEST_STATUSES = [...ACTIVE_REQUEST_STATUSES, ...TOMBSTONE_STATUSES] as const;
export const RequestStatus = z.enum(REQUEST_STATUSES);
export const Channel = z.enum(['ONLINE', 'ANTENNA']);

export const ActiveRequest = z.object({
  id: Uuid,
  fileNumber: FileNumber,
  version: Version,
  status: z.enum(ACTIVE_REQUEST_STATUSES),
  schoolYear: SchoolYear,
  channel: Channel,
  submittedAt: IsoDateTime,
  updatedAt: IsoDateTime,
  student: Student,
  address: Address,
  establishmentUai: Uai,
  training: Training,
  photo: Photo.nullable(),
  prevalidation: Prevalidation.nullable(),
  isReturningStudent: z.boolean(),
  cardNumber: CardNumber.optional(),
});
export const RequestTombstone = z.object({
  id: Uuid,
  fileNumber: FileNumber,
  version: Version,
  status: z.enum(TOMBSTONE_STATUSES),
  updatedAt: IsoDateTime,
  transferredToUai: Uai.optional(),
});
export const RequestSnapshot = z.discriminatedUnion('status', [ActiveRequest, RequestTombstone]);
export const RequestChangesPage = z.object({
  // Items are parsed one by one by the sync engine (a bad item is quarantined, not fatal), so
  // the page envelope only checks that items is an array.
  items: z.array(z.unknown()).max(500),
  nextCursor: Cursor,
  hasMore: z.boolean(),
});
export const RequestResult = z.object({ request: RequestSnapshot });

export const PrevalidationDecision = z.strictObject({
  decision: DecisionOutcome,
  photoVerdict: PhotoVerdict,
  reasonCodes: ReasonCodes,
  comment: DecisionComment.optional(),
  targetUai: Uai.optional(),
  decidedBy: z.strictObject(StaffMember.shape),
  decidedAt: IsoDateTime,
});
export const BatchPrevalidationItem = z.strictObject({
  requestId: Uuid,
  idempotencyKey: Uuid,
  ifMatchVersion: Version,
  decision: DecisionOutcome,
  photoVerdict: PhotoVerdict,
  reasonCodes: ReasonCodes,
  comment: DecisionComment.optional(),
  targetUai: Uai.optional(),
  decidedBy: z.strictObject(StaffMember.shape),
  decidedAt: IsoDateTime,
});
export const BatchPrevalidationRequest = z.strictObject({
  items: z.array(BatchPrevalidationItem).min(1).max(100),
});

// ---------- problems ----------
export const PROBLEM_BASE = 'https://region-api.example/problems/';
export const PROBLEM_TYPES = [
  'bad-request',
  'invalid-cursor',
  'idempotency-key-missing',
  'oauth-error',
  'unauthorized',
  'insufficient-scope',
  'forbidden-establishment',
  'not-found',
  'version-conflict',
  'already-decided',
  'already-revalidated',
  'duplicate-request',
  'request-not-editable',
  'idempotency-key-in-use',
  'cursor-expired',
  'payload-too-large',
  'unsupported-media-type',
  'validation-error',
  'idempotency-key-reused',
  'photo-missing',
  'image-unreadable',
  'wrong-school-year',
  'revalidation-not-open',
  'card-blocked',
  'card-expired',
  'precondition-required',
  'rate-limited',
  'internal-error',
  'service-unavailable',
] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

export const FieldError = z.object({
  pointer: z.string().max(200),
  code: z.string().max(64),
  detail: z.string().max(500).optional(),
});
export const Problem = z.looseObject({
  type: z.string().max(200),
  title: z.string().max(200),
  status: z.number().int().min(400).max(599),
  detail: z.string().max(2000).optional(),
  instance: z.string().max(200).optional(),
});
export const ValidationProblem = Problem.extend({ errors: z.array(FieldError).max(100) });

/** The short name of a problem type (`version-conflict`), or null if it is not under the Region's base. */
export function problemName(type: string): string | null {
  return type.startsWith(PROBLEM_BASE) ? type.slice(PROBLEM_BASE.length) : null;
}

export const BatchItemResult = z.object({
  index: z.number().int().min(0).max(99),
  requestId: Uuid,
  idempotencyKey: Uuid,
  status: z.number().int().min(200).max(599),
  replayed: z.boolean(),
  body: RequestResult.optional(),
  problem: Problem.optional(),
});
export const BatchPrevalidationResponse = z.object({
  results: z.array(BatchItemResult).max(100),
});

// ---------- cards ----------
export const CardStatus = z.enum(['ACTIVE', 'EXPIRED', 'LOST', 'BLOCKED']);
export const Card = z.object({
  cardNumber: CardNumber,
  fileNumber: FileNumber,
  version: Version,
  status: CardStatus,
  student: CardHolder,
  establishmentUai: Uai.nullable(),
  lastRevalidatedSchoolYear: SchoolYear.nullable(),
  walletActive: z.boolean(),
  training: Training.optional(),
  updatedAt: IsoDateTime,
});
export const CardChangesPage = z.object({
  items: z.array(z.unknown()).max(500),
  nextCursor: Cursor,
  hasMore: z.boolean(),
});
export const RevalidationRequest = z.strictObject({
  schoolYear: SchoolYear,
  uai: Uai,
  training: z.strictObject(Training.shape),
  decidedBy: z.strictObject(StaffMember.shape),
  decidedAt: IsoDateTime,
});
export const RevalidationResult = z.object({ card: Card });

// ---------- antenna ----------
export const GuardianConsent = z.strictObject({
  name: z.string().min(1).max(200),
  relationship: z.enum(['MOTHER', 'FATHER', 'LEGAL_GUARDIAN', 'OTHER']),
  acceptedAt: IsoDateTime,
});
export const Consent = z.strictObject({
  rulesAcceptedAt: IsoDateTime,
  rulesVersion: z.string().max(20),
  guardianConsent: GuardianConsent.optional(),
});
export const AssistedBy = z.strictObject({
  antennaId: AntennaId,
  staffId: StaffId,
  displayName: z.string().min(1).max(100),
});
// Request bodies reuse the response shapes, made strict (the Region rejects unknown members).
export const NewRequest = z.strictObject({
  student: z.strictObject(Student.shape),
  address: z.strictObject(Address.shape),
  establishmentUai: Uai,
  training: z.strictObject(Training.shape),
  consent: Consent,
  assistedBy: AssistedBy,
});
export const PhotoUploadResult = z.object({ photo: Photo, requestVersion: Version });

export const Actor = z.enum(['STUDENT', 'ESTABLISHMENT', 'PROVIDER', 'REGION', 'ANTENNA']);
export const TimelineEntry = z.object({
  status: RequestStatus,
  at: IsoDateTime,
  actor: Actor,
  establishmentUai: Uai.optional(),
});
export const Timeline = z.object({
  requestId: Uuid,
  fileNumber: FileNumber,
  items: z.array(TimelineEntry),
});

// ---------- inferred types ----------
export type TokenResponse = z.infer<typeof TokenResponse>;
export type Establishment = z.infer<typeof Establishment>;
export type EstablishmentPage = z.infer<typeof EstablishmentPage>;
export type Me = z.infer<typeof Me>;
export type Reason = z.infer<typeof Reason>;
export type ReasonCatalog = z.infer<typeof ReasonCatalog>;
export type Student = z.infer<typeof Student>;
export type CardHolder = z.infer<typeof CardHolder>;
export type Address = z.infer<typeof Address>;
export type TrainingType = z.infer<typeof TrainingType>;
export type Training = z.infer<typeof Training>;
export type Photo = z.infer<typeof Photo>;
export type StaffMember = z.infer<typeof StaffMember>;
export type DecisionOutcome = z.infer<typeof DecisionOutcome>;
export type PhotoVerdict = z.infer<typeof PhotoVerdict>;
export type Prevalidation = z.infer<typeof Prevalidation>;
export type RequestStatus = z.infer<typeof RequestStatus>;
export type ActiveRequest = z.infer<typeof ActiveRequest>;
export type RequestTombstone = z.infer<typeof RequestTombstone>;
export type RequestSnapshot = z.infer<typeof RequestSnapshot>;
export type RequestChangesPage = z.infer<typeof RequestChangesPage>;
export type PrevalidationDecision = z.infer<typeof PrevalidationDecision>;
export type BatchPrevalidationItem = z.infer<typeof BatchPrevalidationItem>;
export type BatchPrevalidationRequest = z.infer<typeof BatchPrevalidationRequest>;
export type BatchItemResult = z.infer<typeof BatchItemResult>;
export type BatchPrevalidationResponse = z.infer<typeof BatchPrevalidationResponse>;
export type Problem = z.infer<typeof Problem>;
export type FieldError = z.infer<typeof FieldError>;
export type CardStatus = z.infer<typeof CardStatus>;
export type Card = z.infer<typeof Card>;
export type CardChangesPage = z.infer<typeof CardChangesPage>;
export type RevalidationRequest = z.infer<typeof RevalidationRequest>;
export type NewRequest = z.infer<typeof NewRequest>;
export type PhotoUploadResult = z.infer<typeof PhotoUploadResult>;
export type Timeline = z.infer<typeof Timeline>;
export type TimelineEntry = z.infer<typeof TimelineEntry>;
