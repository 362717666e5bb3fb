/**
 * Drizzle mirror of the tables created by `migrations/` (the SQL there is the source of truth for
 * the database; this file types the queries). Keep both in step: `tests/store/schema.test.ts`
 * compares them column by column. The FTS5 index `student_search` is not mirrored (drizzle has no
 * virtual tables); it is queried with raw statements in `searchStudents.ts`.
 */
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const bool = (name: string) => integer(name, { mode: 'boolean' });

export const requests = sqliteTable('requests', {
  rowId: integer('row_id').primaryKey(),
  id: text('id').notNull().unique(),
  fileNumber: text('file_number').notNull(),
  version: integer('version').notNull(),
  status: text('status').notNull(),
  schoolYear: text('school_year').notNull(),
  establishmentUai: text('establishment_uai').notNull(),
  channel: text('channel').notNull(),
  submittedAt: text('submitted_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  lastName: text('last_name').notNull(),
  firstName: text('first_name').notNull(),
  birthDate: text('birth_date').notNull(),
  email: text('email').notNull(),
  ine: text('ine'),
  trainingType: text('training_type').notNull(),
  classLabel: text('class_label'),
  isReturning: bool('is_returning').notNull(),
  cardNumber: text('card_number'),
  photoId: text('photo_id'),
  photoSha256: text('photo_sha256'),
  photoContentType: text('photo_content_type'),
  photoBytes: integer('photo_bytes'),
  photoWidth: integer('photo_width'),
  photoHeight: integer('photo_height'),
  photoUploadedAt: text('photo_uploaded_at'),
  addressLine1: text('address_line1').notNull(),
  addressLine2: text('address_line2'),
  addressApartment: text('address_apartment'),
  addressMailboxName: text('address_mailbox_name'),
  addressPostalCode: text('address_postal_code').notNull(),
  addressCity: text('address_city').notNull(),
  addressCountry: text('address_country').notNull(),
  prevalidation: text('prevalidation'),
  localState: text('local_state').notNull().default('SYNCED'),
  receivedAt: text('received_at').notNull(),
  searchLast: text('search_last').notNull().default(''),
  searchFirst: text('search_first').notNull().default(''),
  /** Address warnings bit set (shared/domain/addressCompleteness.ts); null until computed. */
  addressFlags: integer('address_flags'),
});

export const requestTombstones = sqliteTable('request_tombstones', {
  id: text('id').primaryKey(),
  fileNumber: text('file_number').notNull(),
  version: integer('version').notNull(),
  status: text('status').notNull(),
  transferredToUai: text('transferred_to_uai'),
  updatedAt: text('updated_at').notNull(),
});

export const cards = sqliteTable('cards', {
  rowId: integer('row_id').primaryKey(),
  cardNumber: text('card_number').notNull().unique(),
  fileNumber: text('file_number').notNull(),
  version: integer('version').notNull(),
  status: text('status').notNull(),
  lastName: text('last_name').notNull(),
  firstName: text('first_name').notNull(),
  birthDate: text('birth_date').notNull(),
  ine: text('ine'),
  establishmentUai: text('establishment_uai'),
  lastRevalidatedSchoolYear: text('last_revalidated_school_year'),
  walletActive: bool('wallet_active').notNull(),
  trainingType: text('training_type'),
  classLabel: text('class_label'),
  updatedAt: text('updated_at').notNull(),
  receivedAt: text('received_at').notNull(),
  searchLast: text('search_last').notNull().default(''),
  searchFirst: text('search_first').notNull().default(''),
});

export const photos = sqliteTable('photos', {
  sha256: text('sha256').primaryKey(),
  contentType: text('content_type').notNull(),
  bytes: integer('bytes').notNull(),
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  fileName: text('file_name').notNull(),
  fetchedAt: text('fetched_at').notNull(),
});

export const outbox = sqliteTable('outbox', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: ['PREVALIDATION', 'REVALIDATION'] }).notNull(),
  targetId: text('target_id').notNull(),
  idempotencyKey: text('idempotency_key').notNull().unique(),
  ifMatchVersion: integer('if_match_version'),
  body: text('body').notNull(),
  state: text('state', { enum: ['PENDING', 'SENDING', 'ACKED', 'CONFLICT', 'ERROR', 'DROPPED'] })
    .notNull()
    .default('PENDING'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: text('next_attempt_at'),
  lastErrorCode: text('last_error_code'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  decidedByStaffId: text('decided_by_staff_id').notNull(),
  uai: text('uai'),
  fileNumber: text('file_number'),
  skewKnown: bool('skew_known').notNull().default(true),
  lastHttpStatus: integer('last_http_status'),
  errorCodes: text('error_codes'),
  messageFr: text('message_fr'),
  seenJson: text('seen_json'),
  currentJson: text('current_json'),
  replacesId: text('replaces_id'),
  finalAt: text('final_at'),
});

export const resyncSeen = sqliteTable(
  'resync_seen',
  {
    feed: text('feed', { enum: ['requests', 'cards'] }).notNull(),
    uai: text('uai').notNull(),
    objectId: text('object_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.feed, t.uai, t.objectId] })],
);

export const syncCursors = sqliteTable(
  'sync_cursors',
  {
    feed: text('feed', { enum: ['requests', 'cards', 'establishments'] }).notNull(),
    uai: text('uai').notNull(),
    cursor: text('cursor'),
    fullResyncStartedAt: text('full_resync_started_at'),
    updatedAt: text('updated_at').notNull(),
    resyncFromEmpty: integer('resync_from_empty').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.feed, t.uai] })],
);

/** Indexes dropped for a first sync's bulk load, rebuilt from this SQL when it ends (bulkLoad.ts). */
export const deferredIndexes = sqliteTable('deferred_indexes', {
  name: text('name').primaryKey(),
  tableName: text('table_name').notNull(),
  sql: text('sql').notNull(),
});

/** Kinds of rows whose new rows wait for the search index until a bulk load ends. */
export const deferredSearch = sqliteTable('deferred_search', {
  kind: text('kind', { enum: ['request', 'card'] }).primaryKey(),
});

export const quarantine = sqliteTable('quarantine', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  feed: text('feed').notNull(),
  uai: text('uai').notNull(),
  raw: text('raw').notNull(),
  error: text('error').notNull(),
  receivedAt: text('received_at').notNull(),
});

export const referenceData = sqliteTable('reference_data', {
  key: text('key').primaryKey(),
  etag: text('etag'),
  json: text('json').notNull(),
  fetchedAt: text('fetched_at').notNull(),
});

export const establishments = sqliteTable('establishments', {
  uai: text('uai').primaryKey(),
  name: text('name').notNull(),
  type: text('type').notNull(),
  postalCode: text('postal_code').notNull(),
  city: text('city').notNull(),
  academie: text('academie').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const auditLog = sqliteTable('audit_log', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  at: text('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  recordId: text('record_id'),
  details: text('details'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

// ---------- staff accounts (migration 0007) ----------

export const staff = sqliteTable('staff', {
  id: text('id').primaryKey(),
  login: text('login').notNull(),
  displayName: text('display_name').notNull(),
  role: text('role').notNull(),
  passwordHash: text('password_hash').notNull(),
  active: integer('active').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  lastSignInAt: text('last_sign_in_at'),
});

export const signInFailures = sqliteTable('sign_in_failures', {
  login: text('login').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailedAt: text('last_failed_at').notNull(),
  lockedUntil: text('locked_until'),
});

// ---------- card look-ups of returning students (migration 0005) ----------

export const cardLookups = sqliteTable('card_lookups', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: ['CARD_NUMBER', 'FILE_NUMBER'] }).notNull(),
  value: text('value').notNull(),
  birthDate: text('birth_date'),
  trainingJson: text('training_json'),
  staffId: text('staff_id').notNull(),
  state: text('state', { enum: ['PENDING', 'FOUND', 'NOT_FOUND', 'REFUSED'] })
    .notNull()
    .default('PENDING'),
  cardNumber: text('card_number'),
  revalidationId: text('revalidation_id'),
  messageFr: text('message_fr'),
  attempts: integer('attempts').notNull().default(0),
  createdAt: text('created_at').notNull(),
  resolvedAt: text('resolved_at'),
});

/** Retention purge reports (migration 0008): counts and record ids, never names. */
export const purgeReports = sqliteTable('purge_reports', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ranAt: text('ran_at').notNull(),
  trigger: text('trigger', { enum: ['sync', 'manual'] }).notNull(),
  report: text('report').notNull(),
});

/** ID-photo check results by photo hash and checks version (migration 0006). */
export const photoChecks = sqliteTable('photo_checks', {
  sha256: text('sha256').primaryKey(),
  checksVersion: integer('checks_version').notNull(),
  overall: text('overall', { enum: ['pass', 'warning', 'fail'] }).notNull(),
  reportJson: text('report_json').notNull(),
  computedAt: text('computed_at').notNull(),
});
