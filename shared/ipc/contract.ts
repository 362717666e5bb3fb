/**
 * The one contract between the renderer and the services: channel → input and output schemas.
 * The Electron preload builds one function per channel from it, the main process and the headless
 * host validate every input against it, and the renderer's transports are typed by it.
 * Channels are named `domain:verb`.
 */
import { z } from 'zod';
import {
  ActiveRequest,
  Card,
  Establishment,
  IsoDate,
  IsoDateTime,
  Reason,
  RequestStatus,
  SchoolYear,
  TrainingType,
  Uai,
  Uuid,
  WalletValidity,
} from '../region-api/schemas';
import {
  ConflictResolution,
  DecisionDraft,
  DecisionProblem,
  DecisionView,
  LocalSyncState,
  StudentSearchHit,
} from '../schemas/domain';
import { ADMINISTRATOR, ANY_STAFF, PUBLIC, SECRETARIAT, type ChannelAccess } from './access';
import { type Result } from './result';
import {
  BatchRevalidation,
  BatchRevalidationResult,
  DailyRecord,
  DeskLookupInput,
  DeskLookupResult,
  RecordResult,
  RemoteLookupInput,
  RemoteLookupResult,
  RevalidationDraft,
  RosterFilter,
  RosterPage,
  RosterQuery,
  RosterSelection,
  RevalidationView,
} from '../schemas/revalidation';
import {
  FirstAdministrator,
  IdleLockSettings,
  NewStaffMember,
  PasswordReset,
  SessionView,
  SignIn,
  StaffAccount,
  StaffList,
  StaffUpdate,
  Unlock,
} from '../schemas/auth';
import { AuditExportQuery, AuditPage, AuditQuery, AuditVerification } from '../schemas/audit';
import { PurgeReport, RetentionSettings } from '../schemas/retention';
import { PhotoCheckStatus, PhotoChecksAnswer, PhotoFlaggedList, PhotoFlaggedQuery } from '../schemas/photoChecks';
import { BRIDGE_KEY, type ChannelName } from './channels';

const NoInput = z.strictObject({}).optional();

export const AppMode = z.enum(['demo', 'live', 'unconfigured']);
export type AppMode = z.infer<typeof AppMode>;

export const AppInfo = z.object({
  appVersion: z.string(),
  mode: AppMode,
  /** Where the services run: the Electron app or the headless host (tests, demos). */
  shell: z.enum(['electron', 'headless']),
  clientKind: z.enum(['ESTABLISHMENT', 'ANTENNA']).nullable(),
  establishments: z.array(Establishment),
  antennaName: z.string().nullable(),
  currentSchoolYear: SchoolYear.nullable(),
  revalidationOpensOn: IsoDate.nullable(),
  walletValidity: WalletValidity.nullable(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const ConnectionState = z.enum(['unknown', 'online', 'offline', 'needs-credentials', 'unconfigured']);
export type ConnectionState = z.infer<typeof ConnectionState>;

/** What the sync engine is doing, for the sync bar. */
export const SyncPhase = z.enum(['idle', 'syncing', 'offline', 'error', 'needs-credentials', 'unconfigured']);
export type SyncPhase = z.infer<typeof SyncPhase>;

export const SyncProgress = z.object({
  step: z.enum(['reference', 'requests', 'cards', 'photos', 'push']),
  done: z.number().int().min(0),
  /** Unknown for delta feeds (the server only says whether more pages follow). */
  total: z.number().int().min(0).nullable(),
});

export const SyncStatus = z.object({
  connection: ConnectionState,
  phase: SyncPhase,
  progress: SyncProgress.nullable(),
  lastContactAt: IsoDateTime.nullable(),
  /** Last pull that reached the end of every feed. */
  lastSyncAt: IsoDateTime.nullable(),
  /** Last push round that left nothing retryable behind (null before the first). */
  lastPushAt: IsoDateTime.nullable(),
  /** When the oldest decision still waiting to be acknowledged was recorded. */
  oldestPendingAt: IsoDateTime.nullable(),
  /** Feed items refused by schema validation and set aside. */
  quarantined: z.number().int().min(0),
  /** When the next automatic attempt is due (backoff), if one is scheduled. */
  nextAttemptAt: IsoDateTime.nullable(),
  /** Server time minus local time, from `/me`; null before the first contact. */
  clockSkewMs: z.number().nullable(),
  pending: z.number().int().min(0),
  conflicts: z.number().int().min(0),
  errors: z.number().int().min(0),
  /** French, for staff; never carries personal data. */
  message: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const Settings = z.object({
  regionApiUrl: z.string(),
  clientId: z.string(),
  /** The secret is never sent back to the renderer: only whether one is stored. */
  hasClientSecret: z.boolean(),
  /** Which values come from REGION_API_URL / REGION_CLIENT_ID / REGION_CLIENT_SECRET. */
  fromEnvironment: z.object({ regionApiUrl: z.boolean(), clientId: z.boolean(), clientSecret: z.boolean() }),
  mode: AppMode,
});
export type Settings = z.infer<typeof Settings>;

/** https only, except loopback (a local test API); no credentials or fragments in the URL. */
export const RegionApiUrl = z
  .string()
  .max(500)
  .refine(
    (raw) => {
      if (raw === '') return true;
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return false;
      }
      if (url.username || url.password || url.hash) return false;
      const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
      return url.protocol === 'https:' || (url.protocol === 'http:' && loopback);
    },
    { message: 'URL_INVALID' },
  );

export const SettingsUpdate = z.strictObject({
  regionApiUrl: RegionApiUrl,
  clientId: z.string().max(64),
  /** Omitted: keep the stored secret. Empty string: erase it. */
  clientSecret: z.string().max(256).optional(),
});
export type SettingsUpdate = z.infer<typeof SettingsUpdate>;

export const SearchQuery = z.strictObject({
  query: z.string().min(1).max(100),
  limit: z.number().int().min(1).max(200).optional(),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchResult = z.object({
  hits: z.array(StudentSearchHit),
  /** Milliseconds spent in the store, for the bench and the status line. */
  tookMs: z.number(),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const StoreStats = z.object({
  requests: z.number().int().min(0),
  cards: z.number().int().min(0),
  schemaVersion: z.number().int().min(0),
});
export type StoreStats = z.infer<typeof StoreStats>;

export const DecisionId = z.strictObject({ decisionId: Uuid });

export const DecisionList = z.object({ items: z.array(DecisionView) });
export const DecisionProblemList = z.object({ items: z.array(DecisionProblem) });

export const CsvExport = z.object({
  /** Suggested file name, e.g. `decisions-en-attente-2026-09-03.csv`. */
  fileName: z.string(),
  /** UTF-8 with BOM, `;` separators: what French Excel opens correctly. */
  content: z.string(),
  rows: z.number().int().min(0),
});

// ---------- pre-validation workspace ----------

/** The queue's status tabs, with the counters shown on them. */
export const QUEUE_VIEWS = [
  'toReview',
  'prevalidated',
  'rejected',
  'redirected',
  'conflicts',
  'pendingSend',
  'all',
] as const;
export const QueueView = z.enum(QUEUE_VIEWS);
export type QueueView = z.infer<typeof QueueView>;

export const QueueSort = z.enum(['submittedAsc', 'submittedDesc', 'nameAsc']);

export const QueueFilter = z.strictObject({
  view: QueueView,
  trainingType: TrainingType.optional(),
  classLabel: z.string().max(60).optional(),
  submittedFrom: IsoDate.optional(),
  submittedTo: IsoDate.optional(),
  returning: z.boolean().optional(),
  hasPhoto: z.boolean().optional(),
  addressIncomplete: z.boolean().optional(),
  /** Name (accent- and case-insensitive prefix), file number, INE or card number. */
  search: z.string().max(100).optional(),
  /** Default: oldest submission first. */
  sort: QueueSort.optional(),
});
export type QueueFilter = z.infer<typeof QueueFilter>;

export const QueueQuery = z.strictObject({
  filter: QueueFilter,
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(500),
});
export type QueueQuery = z.infer<typeof QueueQuery>;

export const QueueRow = z.object({
  id: Uuid,
  fileNumber: z.string(),
  version: z.number().int(),
  lastName: z.string(),
  firstName: z.string(),
  birthDate: IsoDate,
  status: RequestStatus,
  localState: LocalSyncState,
  trainingType: TrainingType,
  classLabel: z.string().nullable(),
  establishmentUai: Uai,
  submittedAt: IsoDateTime,
  isReturningStudent: z.boolean(),
  hasPhoto: z.boolean(),
  addressIncomplete: z.boolean(),
});
export type QueueRow = z.infer<typeof QueueRow>;

export const QueueCounters = z.object({
  toReview: z.number().int().min(0),
  prevalidated: z.number().int().min(0),
  rejected: z.number().int().min(0),
  redirected: z.number().int().min(0),
  conflicts: z.number().int().min(0),
  pendingSend: z.number().int().min(0),
  all: z.number().int().min(0),
});
export type QueueCounters = z.infer<typeof QueueCounters>;

export const QueuePage = z.object({
  /** Rows matching the filter, for the virtualized table's height. */
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
  rows: z.array(QueueRow),
  counters: QueueCounters,
});
export type QueuePage = z.infer<typeof QueuePage>;

export const RequestId = z.strictObject({ requestId: Uuid });

/** Why an address may not be deliverable (see shared/domain/addressCompleteness.ts). */
export const AddressWarning = z.enum(['APARTMENT_MISSING', 'MAILBOX_NAME_MISSING', 'STREET_NUMBER_MISSING']);
export type AddressWarning = z.infer<typeof AddressWarning>;

export const RequestDetail = z.object({
  request: ActiveRequest,
  localState: LocalSyncState,
  /** Whole years on today's Paris date. */
  age: z.number().int(),
  addressWarnings: z.array(AddressWarning),
  /** The returning student's card from the roster, when known. */
  previousCard: Card.nullable(),
  /** This request's local decisions, newest first (with their sync state). */
  decisions: z.array(DecisionView),
  /** Whether the photo is cached on this workstation (reviewable offline). */
  photoCached: z.boolean(),
  /** The establishment sharing the site (lycée ↔ LP), proposed for a redirection. */
  siblingEstablishment: Establishment.nullable(),
});
export type RequestDetail = z.infer<typeof RequestDetail>;

export const PhotoData = z.object({
  contentType: z.enum(['image/jpeg', 'image/png']),
  /** Base64 of the verified bytes: works the same over IPC and the host's HTTP transport. */
  base64: z.string(),
  width: z.number().int(),
  height: z.number().int(),
});

export const ReasonList = z.object({ items: z.array(Reason) });
export const EstablishmentQuery = z.strictObject({ query: z.string().max(100) });
export const EstablishmentList = z.object({ items: z.array(Establishment) });

export const BatchApprove = z.strictObject({
  items: z
    .array(z.strictObject({ requestId: Uuid, seenVersion: z.number().int().min(1) }))
    .min(1)
    .max(500),
});
export const BatchApproveResult = z.object({
  recorded: z.array(DecisionView),
  /** Requests that could not be approved (already decided, no photo…), with a French reason. */
  refused: z.array(z.object({ requestId: Uuid, message: z.string() })),
});

/** What the workspace restores after a restart: filters, selection, scroll position. */
export const WorkspaceState = z.strictObject({
  filter: QueueFilter,
  selectedRequestId: Uuid.nullable(),
  scrollOffset: z.number().int().min(0),
});
export type WorkspaceState = z.infer<typeof WorkspaceState>;

/** Revalidations in CONFLICT or ERROR, for the Conflits page. */
export const RevalidationProblemList = z.object({ items: z.array(RevalidationView) });
export const RevalidationId = z.strictObject({ revalidationId: Uuid });

export const contract = {
  'app:info': { input: NoInput, output: AppInfo, access: PUBLIC },
  'sync:status': { input: NoInput, output: SyncStatus, access: ANY_STAFF },
  'sync:checkConnection': { input: NoInput, output: SyncStatus, access: ANY_STAFF },
  'settings:get': { input: NoInput, output: Settings, access: ADMINISTRATOR },
  'settings:update': { input: SettingsUpdate, output: Settings, access: ADMINISTRATOR },
  'students:search': { input: SearchQuery, output: SearchResult, access: ANY_STAFF },
  'store:stats': { input: NoInput, output: StoreStats, access: ANY_STAFF },
  'sync:run': { input: NoInput, output: SyncStatus, access: ANY_STAFF },
  'decisions:record': { input: DecisionDraft, output: DecisionView, access: SECRETARIAT },
  'decisions:undo': { input: DecisionId, output: DecisionView, access: SECRETARIAT },
  'decisions:list': { input: NoInput, output: DecisionList, access: SECRETARIAT },
  'decisions:problems': { input: NoInput, output: DecisionProblemList, access: SECRETARIAT },
  'decisions:resolve': { input: ConflictResolution, output: DecisionView, access: SECRETARIAT },
  'decisions:exportPending': { input: NoInput, output: CsvExport, access: SECRETARIAT },
  'decisions:approveBatch': { input: BatchApprove, output: BatchApproveResult, access: SECRETARIAT },
  'requests:queue': { input: QueueQuery, output: QueuePage, access: SECRETARIAT },
  'requests:detail': { input: RequestId, output: RequestDetail, access: SECRETARIAT },
  'photos:get': { input: RequestId, output: PhotoData.nullable(), access: SECRETARIAT },
  'photos:checks': { input: RequestId, output: PhotoChecksAnswer, access: SECRETARIAT },
  'photos:checkStatus': { input: NoInput, output: PhotoCheckStatus, access: SECRETARIAT },
  'photos:flagged': { input: PhotoFlaggedQuery, output: PhotoFlaggedList, access: SECRETARIAT },
  'reference:reasons': { input: NoInput, output: ReasonList, access: ANY_STAFF },
  'reference:establishments': { input: EstablishmentQuery, output: EstablishmentList, access: ANY_STAFF },
  'workspace:getState': { input: NoInput, output: WorkspaceState.nullable(), access: SECRETARIAT },
  'workspace:setState': { input: WorkspaceState, output: WorkspaceState, access: SECRETARIAT },
  // ---------- staff sign-in, accounts and audit (issue 7) ----------
  'auth:session': { input: NoInput, output: SessionView, access: PUBLIC },
  /** First run only: creates the administrator (refused once any account exists). */
  'auth:setup': { input: FirstAdministrator, output: SessionView, access: PUBLIC },
  'auth:signIn': { input: SignIn, output: SessionView, access: PUBLIC },
  /** The locked member's password; public because a locked session may call nothing else. */
  'auth:unlock': { input: Unlock, output: SessionView, access: PUBLIC },
  'auth:signOut': { input: NoInput, output: SessionView, access: PUBLIC },
  'auth:lock': { input: NoInput, output: SessionView, access: ANY_STAFF },
  /** The renderer's throttled « the member is still here » (keeps the idle lock away). */
  'auth:activity': { input: NoInput, output: SessionView, access: ANY_STAFF },
  'staff:list': { input: NoInput, output: StaffList, access: ADMINISTRATOR },
  'staff:add': { input: NewStaffMember, output: StaffAccount, access: ADMINISTRATOR },
  'staff:update': { input: StaffUpdate, output: StaffAccount, access: ADMINISTRATOR },
  'staff:resetPassword': { input: PasswordReset, output: StaffAccount, access: ADMINISTRATOR },
  'auth:getIdleLock': { input: NoInput, output: IdleLockSettings, access: ADMINISTRATOR },
  'auth:setIdleLock': { input: IdleLockSettings, output: IdleLockSettings, access: ADMINISTRATOR },
  'audit:list': { input: AuditQuery, output: AuditPage, access: ADMINISTRATOR },
  'audit:verify': { input: NoInput, output: AuditVerification, access: ADMINISTRATOR },
  'audit:export': { input: AuditExportQuery, output: CsvExport, access: ADMINISTRATOR },
  'cards:roster': { input: RosterQuery, output: RosterPage, access: SECRETARIAT },
  'cards:select': { input: RosterFilter, output: RosterSelection, access: SECRETARIAT },
  'cards:lookup': { input: DeskLookupInput, output: DeskLookupResult, access: SECRETARIAT },
  'cards:lookupRemote': { input: RemoteLookupInput, output: RemoteLookupResult, access: SECRETARIAT },
  'revalidations:record': { input: RevalidationDraft, output: RecordResult, access: SECRETARIAT },
  'revalidations:recordBatch': { input: BatchRevalidation, output: BatchRevalidationResult, access: SECRETARIAT },
  'revalidations:today': { input: NoInput, output: DailyRecord, access: SECRETARIAT },
  'revalidations:exportToday': { input: NoInput, output: CsvExport, access: SECRETARIAT },
  'revalidations:problems': { input: NoInput, output: RevalidationProblemList, access: SECRETARIAT },
  'revalidations:dismiss': { input: RevalidationId, output: RevalidationView, access: SECRETARIAT },
  'retention:purge': { input: NoInput, output: PurgeReport, access: ADMINISTRATOR },
  'retention:report': { input: NoInput, output: PurgeReport.nullable(), access: ADMINISTRATOR },
  'retention:settings': { input: NoInput, output: RetentionSettings, access: ADMINISTRATOR },
  'retention:updateSettings': { input: RetentionSettings, output: RetentionSettings, access: ADMINISTRATOR },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType; access: ChannelAccess }>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.infer<Contract[C]['output']>;

export const CHANNELS = Object.keys(contract) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** What the preload and the HTTP transport both expose to the renderer. */
export type Api = {
  [C in Channel]: (input?: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;
};

/** Services implement this: one handler per channel, input already validated. */
export type Handlers = {
  [C in Channel]: (input: z.infer<Contract[C]['input']>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
};

// Compile-time proof that the preload's zod-free channel list and the contract agree.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _channelsAgree: SameKeys<Channel, ChannelName> = true;
void _channelsAgree;

export { BRIDGE_KEY };
