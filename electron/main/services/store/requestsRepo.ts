/**
 * The local copy of the establishment's request feed. The Region's version decides which snapshot
 * wins: feeds can replay or reorder pages, so an older or equal version never overwrites a newer
 * one, and a withdrawn/transferred request (tombstone) is never revived by a stale snapshot.
 */
import { and, count, eq, type SQL } from 'drizzle-orm';
import {
  ActiveRequest,
  type ActiveRequest as ActiveRequestT,
  type RequestTombstone,
} from '../../../../shared/region-api/schemas';
import { type LocalSyncState } from '../../../../shared/schemas/domain';
import { addressWarningBits, addressWarnings } from '../../../../shared/domain/addressCompleteness';
import { normalizeForSearch } from '../../../../shared/text/normalizeForSearch';
import { type AppDatabase } from './openDatabase';
import { requests } from './schema';
import { statementCache } from './statementCache';
import { bulkRequestIds, isSearchDeferred } from './bulkLoad';
import { indexNewStudent } from './studentSearchIndex';

export interface UpsertReport {
  /** Rows inserted or replaced by a newer version. */
  applied: number;
  /** Snapshots not newer than what is stored (or than a tombstone). */
  ignored: number;
}

export interface StoredRequest {
  request: ActiveRequestT;
  localState: LocalSyncState;
  receivedAt: string;
}

const COLUMNS = [
  'id',
  'file_number',
  'version',
  'status',
  'school_year',
  'establishment_uai',
  'channel',
  'submitted_at',
  'updated_at',
  'last_name',
  'first_name',
  'birth_date',
  'email',
  'ine',
  'training_type',
  'class_label',
  'is_returning',
  'card_number',
  'photo_id',
  'photo_sha256',
  'photo_content_type',
  'photo_bytes',
  'photo_width',
  'photo_height',
  'photo_uploaded_at',
  'address_line1',
  'address_line2',
  'address_apartment',
  'address_mailbox_name',
  'address_postal_code',
  'address_city',
  'address_country',
  'prevalidation',
  'received_at',
  'search_last',
  'search_first',
  'address_flags',
] as const;

type RequestParams = Record<(typeof COLUMNS)[number], string | number | null>;
type RequestValues = Array<string | number | null>;

const SEARCH_LAST = COLUMNS.indexOf('search_last');
const SEARCH_FIRST = COLUMNS.indexOf('search_first');

/** Columns replaced by a newer snapshot; local_state is the app's own and survives feed updates. */
const UPDATED = COLUMNS.filter((c) => c !== 'id');

const statements = statementCache((sqlite) => ({
  stored: sqlite.prepare<[string], { version: number; photo_sha256: string | null }>(
    'SELECT version, photo_sha256 FROM requests WHERE id = ?',
  ),
  anyTombstone: sqlite.prepare<[], { one: number }>('SELECT 1 AS one FROM request_tombstones LIMIT 1'),
  // Plain VALUES, the tombstone checked by its own lookup: an INSERT … SELECT … WHERE NOT EXISTS
  // measured ~70 % slower on 50k rows.
  // Bound by position (`requestValues`): named binding looks each of the many columns up by name
  // from native code, ~15 % of a first sync's insert time. And as separate arguments, not one array:
  // the driver reads an array element by element through the engine's API, arguments directly
  // (binding 37 values: 92-117 ms instead of 120-164 for 20,000 rows).
  insert: sqlite.prepare<RequestValues>(
    `INSERT INTO requests (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
  ),
  update: sqlite.prepare<RequestParams>(
    `UPDATE requests SET ${UPDATED.map((c) => `${c} = @${c}`).join(', ')}
     WHERE id = @id AND version < @version`,
  ),
  tombstoneVersion: sqlite.prepare<[string], { version: number }>(
    'SELECT version FROM request_tombstones WHERE id = ?',
  ),
  activeVersion: sqlite.prepare<[string], { version: number }>('SELECT version FROM requests WHERE id = ?'),
  deleteActive: sqlite.prepare<[string]>('DELETE FROM requests WHERE id = ?'),
  putTombstone: sqlite.prepare<[string, string, number, string, string | null, string]>(
    `INSERT INTO request_tombstones (id, file_number, version, status, transferred_to_uai, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET file_number = excluded.file_number, version = excluded.version,
       status = excluded.status, transferred_to_uai = excluded.transferred_to_uai, updated_at = excluded.updated_at
     WHERE excluded.version > request_tombstones.version`,
  ),
}));

/**
 * Flattens a snapshot into the row's values, in `COLUMNS` order (the inverse of `requestFromRow`),
 * for the positional insert. Built straight from the snapshot: a first sync binds 20,000 of these,
 * and building the named object first, then reading its 37 keys back by name, cost ~30 % more
 * (77 against 60 ms for 20,000 requests). `requestParams` is the named form, derived from this one.
 */
export function requestValues(snapshot: ActiveRequestT, receivedAt: string): RequestValues {
  const { student, address, training, photo } = snapshot;
  return [
    snapshot.id,
    snapshot.fileNumber,
    snapshot.version,
    snapshot.status,
    snapshot.schoolYear,
    snapshot.establishmentUai,
    snapshot.channel,
    snapshot.submittedAt,
    snapshot.updatedAt,
    student.lastName,
    student.firstName,
    student.birthDate,
    student.email,
    student.ine ?? null,
    training.type,
    training.classLabel ?? null,
    snapshot.isReturningStudent ? 1 : 0,
    snapshot.cardNumber ?? null,
    photo?.id ?? null,
    photo?.sha256 ?? null,
    photo?.contentType ?? null,
    photo?.bytes ?? null,
    photo?.width ?? null,
    photo?.height ?? null,
    photo?.uploadedAt ?? null,
    address.line1,
    address.line2 ?? null,
    address.apartment ?? null,
    address.mailboxName ?? null,
    address.postalCode,
    address.city,
    address.country,
    snapshot.prevalidation === null ? null : JSON.stringify(snapshot.prevalidation),
    receivedAt,
    normalizeForSearch(student.lastName),
    normalizeForSearch(student.firstName),
    addressWarningBits(addressWarnings(address)),
  ];
}

/** The row's columns by name (the named update binds these). */
export function requestParams(snapshot: ActiveRequestT, receivedAt: string): RequestParams {
  const values = requestValues(snapshot, receivedAt);
  return Object.fromEntries(COLUMNS.map((column, index) => [column, values[index] ?? null])) as RequestParams;
}

/**
 * Stores feed snapshots in one transaction (all or nothing: a row the schema refuses rolls the whole
 * batch back). Snapshots are expected to be zod-parsed already by the feed reader; the table's
 * STRICT types and CHECKs are the second guard.
 */
export function upsertRequests(db: AppDatabase, snapshots: readonly ActiveRequestT[]): UpsertReport {
  const { applied, ignored } = upsertRequestsReleasing(db, snapshots);
  return { applied, ignored };
}

/**
 * `upsertRequests`, also answering the photo hashes that rows replaced by a newer version no longer
 * use (to release once committed). One lookup per snapshot serves the version rule and the photo:
 * the feed writes 20,000 rows on a first sync, and each extra point lookup costs ~0.1 s there.
 */
export function upsertRequestsReleasing(
  db: AppDatabase,
  snapshots: readonly ActiveRequestT[],
): UpsertReport & { releasedShas: string[] } {
  const s = statements(db);
  const receivedAt = new Date().toISOString();
  const releasedShas: string[] = [];
  let applied = 0;
  db.sqlite.transaction(() => {
    // No tombstone at all (a first sync): no lookup per row.
    const tombstones = s.anyTombstone.get() !== undefined;
    // During a bulk load the id index is deferred: an id never inserted needs no lookup.
    const loadedIds = bulkRequestIds(db);
    const searchDeferred = isSearchDeferred(db, 'request');
    for (const snapshot of snapshots) {
      const stored = loadedIds === null || loadedIds.has(snapshot.id) ? s.stored.get(snapshot.id) : undefined;
      if (stored !== undefined) {
        if (snapshot.version > stored.version) {
          applied += s.update.run(requestParams(snapshot, receivedAt)).changes;
          const sha = snapshot.photo?.sha256 ?? null;
          if (stored.photo_sha256 !== null && stored.photo_sha256 !== sha) releasedShas.push(stored.photo_sha256);
        }
        continue;
      }
      if (tombstones) {
        const tombstone = s.tombstoneVersion.get(snapshot.id);
        if (tombstone !== undefined && tombstone.version >= snapshot.version) continue;
      }
      const values = requestValues(snapshot, receivedAt);
      const inserted = s.insert.run(...values);
      loadedIds?.add(snapshot.id);
      if (!searchDeferred) {
        indexNewStudent(
          db,
          'request',
          Number(inserted.lastInsertRowid),
          String(values[SEARCH_LAST]),
          String(values[SEARCH_FIRST]),
        );
      }
      applied += 1;
    }
  })();
  return { applied, ignored: snapshots.length - applied, releasedShas };
}

/** A withdrawn or transferred request leaves the active list, unless a newer active snapshot is stored. */
export function applyRequestTombstones(db: AppDatabase, tombstones: readonly RequestTombstone[]): UpsertReport {
  const s = statements(db);
  let applied = 0;
  db.sqlite.transaction(() => {
    const loadedIds = bulkRequestIds(db);
    for (const t of tombstones) {
      const known = s.tombstoneVersion.get(t.id)?.version ?? 0;
      const active = loadedIds === null || loadedIds.has(t.id) ? (s.activeVersion.get(t.id)?.version ?? 0) : 0;
      if (t.version <= known || t.version <= active) continue;
      s.deleteActive.run(t.id);
      s.putTombstone.run(t.id, t.fileNumber, t.version, t.status, t.transferredToUai ?? null, t.updatedAt);
      applied += 1;
    }
  })();
  return { applied, ignored: tombstones.length - applied };
}

type RequestRow = typeof requests.$inferSelect;

/** Optional members are present only when stored, exactly as the Region sent them. */
function optional<K extends string>(key: K, value: string | null): { [P in K]?: string } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: string };
}

/** Rebuilds the Region's snapshot from a row; zod-checked by the caller. */
export function requestFromRow(row: RequestRow): unknown {
  return {
    id: row.id,
    fileNumber: row.fileNumber,
    version: row.version,
    status: row.status,
    schoolYear: row.schoolYear,
    channel: row.channel,
    submittedAt: row.submittedAt,
    updatedAt: row.updatedAt,
    student: {
      lastName: row.lastName,
      firstName: row.firstName,
      birthDate: row.birthDate,
      email: row.email,
      ...optional('ine', row.ine),
    },
    address: {
      line1: row.addressLine1,
      ...optional('line2', row.addressLine2),
      ...optional('apartment', row.addressApartment),
      ...optional('mailboxName', row.addressMailboxName),
      postalCode: row.addressPostalCode,
      city: row.addressCity,
      country: row.addressCountry,
    },
    establishmentUai: row.establishmentUai,
    training: { type: row.trainingType, ...optional('classLabel', row.classLabel) },
    photo:
      row.photoId === null
        ? null
        : {
            id: row.photoId,
            sha256: row.photoSha256,
            contentType: row.photoContentType,
            bytes: row.photoBytes,
            width: row.photoWidth,
            height: row.photoHeight,
            uploadedAt: row.photoUploadedAt,
          },
    prevalidation: row.prevalidation === null ? null : (JSON.parse(row.prevalidation) as unknown),
    isReturningStudent: row.isReturning,
    ...optional('cardNumber', row.cardNumber),
  };
}

export function getRequest(db: AppDatabase, id: string): StoredRequest | null {
  const row = db.orm.select().from(requests).where(eq(requests.id, id)).get();
  if (!row) return null;
  const parsed = ActiveRequest.safeParse(requestFromRow(row));
  if (!parsed.success) {
    console.warn(`[store] request ${id} has an unreadable row; ignored`);
    return null;
  }
  return { request: parsed.data, localState: row.localState as LocalSyncState, receivedAt: row.receivedAt };
}

export function countRequests(
  db: AppDatabase,
  filter: { establishmentUai?: string; status?: ActiveRequestT['status'] } = {},
): number {
  const conditions: SQL[] = [];
  if (filter.establishmentUai) conditions.push(eq(requests.establishmentUai, filter.establishmentUai));
  if (filter.status) conditions.push(eq(requests.status, filter.status));
  const row = db.orm
    .select({ n: count() })
    .from(requests)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .get();
  return row?.n ?? 0;
}
