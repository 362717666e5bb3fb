/**
 * Downloads the photos of the requests awaiting pre-validation, so staff can decide offline
 * (README §7). Photos are immutable and content-addressed: one download per distinct SHA-256,
 * whatever the number of requests or photo ids sharing it, and none when a verified file exists.
 *
 * Work units are distinct hashes; the counters count them:
 * - `alreadyCached`: row and file present, bytes hash to the name: no call;
 * - `notModified`: a verified file without its row (a crash between rename and insert, a restored
 *   folder): a conditional GET (`If-None-Match: "<sha256>"`) lets the Region confirm that this photo id
 *   is that file without sending it again (304), then the row is written;
 * - `downloaded`: fetched and verified (a wrong hash is discarded and fetched once more);
 * - `failed`: still wrong after the retry, or the call failed; logged with ids, never thrown.
 */
import fs from 'node:fs';
import { createLogger } from '../log/logger';
import { REGION_MAX_SOCKETS } from '../region/httpAgent';
import { type RegionClient } from '../region/regionClient';
import { RegionApiError } from '../region/regionErrors';
import { requestBuffer } from '../region/regionHttp';
import { withToken } from '../region/tokenProvider';
import { type AppDatabase } from '../store/openDatabase';
import {
  PHOTO_FILE_OVERHEAD,
  PhotoHashMismatchError,
  ensurePhotosDir,
  getPhotoRow,
  isSha256Hex,
  listPhotoFiles,
  photoFileListed,
  photoPath,
  recordPhotoRow,
  recordPhotoRows,
  removePhoto,
  sha256Hex,
  storePhotoFile,
  verifyPhotoFile,
  type PhotoContentType,
  type PhotoMeta,
} from './photoStore';

const log = createLogger('photos.prefetch');

export interface PrefetchPhotosOptions {
  db: AppDatabase;
  client: RegionClient;
  photosDir: string;
  /** Parallel downloads, 1..4 (default 4, the Region's connection limit). */
  concurrency?: number;
  signal?: AbortSignal;
  /** Called after each distinct photo is settled, with the number settled and the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface PrefetchReport {
  downloaded: number;
  notModified: number;
  alreadyCached: number;
  failed: number;
}

interface PhotoWork extends PhotoMeta {
  /** Ids under which the Region serves these bytes (several requests may share one file). */
  photoIds: string[];
  requestId: string;
}

interface SubmittedPhotoRow {
  requestId: string;
  photoId: string;
  sha256: string;
  contentType: string;
  width: number | null;
  height: number | null;
}

type Outcome = keyof PrefetchReport;

function toContentType(value: string): PhotoContentType | null {
  return value === 'image/jpeg' || value === 'image/png' ? value : null;
}

/** Distinct photos of SUBMITTED requests, in a stable order (oldest submissions first). */
function listWork(db: AppDatabase): PhotoWork[] {
  const rows = db.sqlite
    .prepare(
      `SELECT id AS requestId, photo_id AS photoId, photo_sha256 AS sha256, photo_content_type AS contentType,
              photo_width AS width, photo_height AS height
         FROM requests
        WHERE status = 'SUBMITTED' AND photo_id IS NOT NULL AND photo_sha256 IS NOT NULL
        ORDER BY submitted_at, id`,
    )
    .all() as SubmittedPhotoRow[];
  const bySha = new Map<string, PhotoWork>();
  for (const row of rows) {
    const existing = bySha.get(row.sha256);
    if (existing) {
      existing.photoIds.push(row.photoId);
      continue;
    }
    const contentType = toContentType(row.contentType);
    if (!isSha256Hex(row.sha256) || contentType === null) {
      // The snapshot passed the schema, so this is a contract change: skip rather than store junk.
      log.warn('photo metadata not usable, skipped', { requestId: row.requestId });
      continue;
    }
    bySha.set(row.sha256, {
      sha256: row.sha256,
      contentType,
      width: row.width ?? 0,
      height: row.height ?? 0,
      photoIds: [row.photoId],
      requestId: row.requestId,
    });
  }
  return [...bySha.values()];
}

/** Photo rows written per transaction during a prefetch. */
const ROW_GROUP = 50;

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('photo prefetch aborted', 'AbortError');
}

export async function prefetchPhotos(options: PrefetchPhotosOptions): Promise<PrefetchReport> {
  const { db, client, photosDir, signal } = options;
  const concurrency = Math.max(1, Math.min(REGION_MAX_SOCKETS, Math.floor(options.concurrency ?? REGION_MAX_SOCKETS)));
  signal?.throwIfAborted();
  ensurePhotosDir(photosDir);
  const work = listWork(db);
  const filesAtStart = await listPhotoFiles(photosDir);
  const report: PrefetchReport = { downloaded: 0, notModified: 0, alreadyCached: 0, failed: 0 };
  let next = 0;
  let done = 0;
  // Downloaded photos' rows, written by groups (see storePhotoFile).
  let unrecorded: Array<{ meta: PhotoWork; bytes: number }> = [];
  const flushRows = (): void => {
    const rows = unrecorded;
    unrecorded = [];
    recordPhotoRows(db, rows);
  };
  const store = async (item: PhotoWork, body: Buffer): Promise<void> => {
    await storePhotoFile(db, photosDir, item, body);
    unrecorded.push({ meta: item, bytes: body.length });
    if (unrecorded.length >= ROW_GROUP) flushRows();
  };

  async function fetchBytes(photoId: string, ifNoneMatch: string | null): Promise<{ status: number; body: Buffer }> {
    const response = await withToken(client.tokens, (token) =>
      requestBuffer(client.http, {
        path: `photos/${encodeURIComponent(photoId)}`,
        headers: {
          authorization: `Bearer ${token}`,
          ...(ifNoneMatch ? { 'if-none-match': `"${ifNoneMatch}"` } : {}),
        },
        ...(signal ? { signal } : {}),
      }),
    );
    return { status: response.status, body: response.body };
  }

  /** Two attempts: a wrong hash is discarded and fetched once more, then counted as failed. */
  async function download(item: PhotoWork, photoId: string): Promise<Outcome> {
    for (let attempt = 1; attempt <= 2; attempt++) {
      const { body } = await fetchBytes(photoId, null);
      try {
        await store(item, body);
        return 'downloaded';
      } catch (error) {
        if (!(error instanceof PhotoHashMismatchError)) throw error;
        log.warn('downloaded bytes do not match their hash, discarded', {
          requestId: item.requestId,
          sha256: item.sha256,
          attempt,
        });
      }
    }
    return 'failed';
  }

  async function settle(item: PhotoWork): Promise<Outcome> {
    const photoId = item.photoIds[0] as string;
    const row = getPhotoRow(db, item.sha256);
    if (!photoFileListed(db, filesAtStart, item.sha256)) {
      // No file (the usual case after a sync): nothing to verify; a row without its file goes.
      if (row) removePhoto(db, photosDir, item.sha256);
      return download(item, photoId);
    }
    const fileOk = await verifyPhotoFile(db, photosDir, item.sha256);
    if (fileOk && row) return 'alreadyCached';
    if (!fileOk) {
      // A corrupt or truncated file (or a row without its file) is worthless: fetch it again.
      if (row || fs.existsSync(photoPath(db, photosDir, item.sha256))) removePhoto(db, photosDir, item.sha256);
      return download(item, photoId);
    }
    const answer = await fetchBytes(photoId, item.sha256);
    if (answer.status === 304) {
      const fileBytes = (await fs.promises.stat(photoPath(db, photosDir, item.sha256))).size;
      recordPhotoRow(db, item, fileBytes - PHOTO_FILE_OVERHEAD);
      return 'notModified';
    }
    if (sha256Hex(answer.body) === item.sha256) {
      await store(item, answer.body);
      return 'downloaded';
    }
    return download(item, photoId);
  }

  async function worker(): Promise<void> {
    while (next < work.length) {
      if (signal?.aborted) return;
      const item = work[next++] as PhotoWork;
      let outcome: Outcome;
      try {
        outcome = await settle(item);
      } catch (error) {
        if (signal?.aborted) return;
        outcome = 'failed';
        log.warn('photo not fetched', {
          requestId: item.requestId,
          sha256: item.sha256,
          errorClass: error instanceof Error ? error.name : typeof error,
          status: error instanceof RegionApiError ? error.status : undefined,
        });
      }
      report[outcome] += 1;
      done += 1;
      options.onProgress?.(done, work.length);
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, work.length) }, () => worker()));
  } finally {
    // Aborted or not, the photos already on disk get their rows.
    flushRows();
  }
  if (signal?.aborted) {
    log.info('prefetch aborted', { ...report, total: work.length });
    throw abortReason(signal);
  }
  if (work.length > 0) log.info('prefetch done', { ...report, total: work.length });
  return report;
}
