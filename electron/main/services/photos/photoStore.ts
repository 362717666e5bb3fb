/**
 * The photo cache: one encrypted file per distinct photo, described by rows of the `photos` table.
 * Addressing by content gives deduplication (requests sharing a photo share a file) and integrity:
 * every read proves the bytes hash to the SHA-256 the Region announced.
 *
 * Encryption at rest (issue 7): each file is `0x01 ‖ nonce(12) ‖ AES-256-GCM(photo) ‖ tag(16)`, with
 * a random nonce per write and the photo's SHA-256 as associated data (a file renamed onto another
 * photo's name fails authentication). The key is derived from the store key by HKDF
 * (`db.photoKeys`). The file NAME is HMAC-SHA256(naming key, sha256), not the SHA-256 itself: the
 * hash of a minor's photo is a stable identifier (anyone holding the photo could confirm it is on
 * this laptop), the HMAC is meaningless without the store key.
 *
 * Writes go to a temporary file renamed into place (readers never see half a photo) with mode 0600
 * (photos are personal data). There is no fsync: after a power cut a renamed file may be empty or
 * torn, and the hash check on the next prefetch or read discards it and fetches it again.
 */
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createLogger } from '../log/logger';
import { type AppDatabase } from '../store/openDatabase';
import { statementCache } from '../store/statementCache';
import { decryptPhotoFile, encryptPhotoFile, sha256Hex } from './photoCipher';

export { PHOTO_FILE_OVERHEAD, sha256Hex } from './photoCipher';

const log = createLogger('photos.store');

export type PhotoContentType = 'image/jpeg' | 'image/png';

/** What the request snapshot says about a photo; the `photos` row copies it once the bytes are verified. */
export interface PhotoMeta {
  sha256: string;
  contentType: PhotoContentType;
  width: number;
  height: number;
}

export interface CachedPhotoRow {
  sha256: string;
  contentType: PhotoContentType;
  bytes: number;
  width: number;
  height: number;
  fileName: string;
  fetchedAt: string;
}

export class PhotoHashMismatchError extends Error {
  override readonly name = 'PhotoHashMismatchError';
  constructor(readonly expectedSha256: string) {
    super(`photo bytes do not hash to ${expectedSha256}`);
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const TEMP_PREFIX = '.tmp-';

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

/**
 * Path of the file holding that photo: HMAC of the hash under the store's naming key. The hash is
 * checked first so no caller can escape the folder.
 */
export function photoPath(db: AppDatabase, photosDir: string, sha256: string): string {
  if (!isSha256Hex(sha256)) throw new Error('[photos.store] not a lower-case SHA-256 hex digest');
  return path.join(photosDir, photoFileName(db, sha256));
}

function photoFileName(db: AppDatabase, sha256: string): string {
  return createHmac('sha256', db.photoKeys.naming).update(sha256).digest('hex');
}

/** Decrypted and verified bytes of the file on disk, or null (missing, tampered, other key). */
async function readVerified(db: AppDatabase, photosDir: string, sha256: string): Promise<Buffer | null> {
  let file: Buffer;
  try {
    file = await fs.promises.readFile(photoPath(db, photosDir, sha256));
  } catch {
    return null;
  }
  return decryptPhotoFile(db.photoKeys.encryption, sha256, file);
}

export function ensurePhotosDir(photosDir: string): void {
  fs.mkdirSync(photosDir, { recursive: true, mode: 0o700 });
}

const statements = statementCache((sqlite) => ({
  row: sqlite.prepare<[string], CachedPhotoRow>(
    'SELECT sha256, content_type AS contentType, bytes, width, height, file_name AS fileName, fetched_at AS fetchedAt FROM photos WHERE sha256 = ?',
  ),
  record: sqlite.prepare(
    `INSERT INTO photos (sha256, content_type, bytes, width, height, file_name, fetched_at)
     VALUES (@sha256, @contentType, @bytes, @width, @height, @fileName, @fetchedAt)
     ON CONFLICT (sha256) DO UPDATE SET content_type = excluded.content_type, bytes = excluded.bytes,
       width = excluded.width, height = excluded.height, file_name = excluded.file_name,
       fetched_at = excluded.fetched_at`,
  ),
}));

export function getPhotoRow(db: AppDatabase, sha256: string): CachedPhotoRow | null {
  return statements(db).row.get(sha256) ?? null;
}

/**
 * The names of the files in the cache folder, read once: a prefetch of thousands of photos asks this
 * set whether a photo's file exists instead of trying to read each one (a failed open per photo).
 */
export async function listPhotoFiles(photosDir: string): Promise<Set<string>> {
  try {
    return new Set(await fs.promises.readdir(photosDir));
  } catch {
    return new Set();
  }
}

/** Whether that photo's file is among `files` (from `listPhotoFiles`). */
export function photoFileListed(db: AppDatabase, files: ReadonlySet<string>, sha256: string): boolean {
  return isSha256Hex(sha256) && files.has(photoFileName(db, sha256));
}

/** The photo is described in the store and its file is there (not re-hashed: see `verifyPhotoFile`). */
export function hasPhoto(db: AppDatabase, photosDir: string, sha256: string): boolean {
  if (!isSha256Hex(sha256) || getPhotoRow(db, sha256) === null) return false;
  return fs.existsSync(photoPath(db, photosDir, sha256));
}

/** True when the file exists, decrypts under this store's key and its bytes hash to `sha256`. */
export async function verifyPhotoFile(db: AppDatabase, photosDir: string, sha256: string): Promise<boolean> {
  return (await readVerified(db, photosDir, sha256)) !== null;
}

/**
 * The verified bytes of a cached photo, or null when it is not cached. A file whose bytes no longer
 * match its hash is removed with its row (the next prefetch fetches it again), never shown.
 */
export async function readPhoto(
  db: AppDatabase,
  photosDir: string,
  sha256: string,
): Promise<{ data: Buffer; contentType: PhotoContentType } | null> {
  const row = isSha256Hex(sha256) ? getPhotoRow(db, sha256) : null;
  if (!row) return null;
  if (!fs.existsSync(photoPath(db, photosDir, sha256))) return null;
  const data = await readVerified(db, photosDir, sha256);
  if (data === null) {
    log.warn('cached photo failed its hash check, discarded', { sha256 });
    removePhoto(db, photosDir, sha256);
    return null;
  }
  return { data, contentType: row.contentType };
}

/**
 * Keeps `data` as the photo `meta.sha256` after checking its hash: written to a temporary file, then
 * renamed over any previous (corrupt) copy, then described in the `photos` table.
 * @throws PhotoHashMismatchError when the bytes are not that photo (nothing is written).
 */
export async function storePhoto(
  db: AppDatabase,
  photosDir: string,
  meta: PhotoMeta,
  data: Buffer,
  now: () => Date = () => new Date(),
): Promise<void> {
  await storePhotoFile(db, photosDir, meta, data);
  recordPhotoRow(db, meta, data.length, now);
}

/**
 * The file half of `storePhoto`: verified, encrypted and in place; its row is the caller's to write
 * (`recordPhotoRows`, by groups: one commit per photo cost ~1 ms each on the encrypted store). A file
 * without its row is harmless: the next prefetch finds it verified and records it.
 */
export async function storePhotoFile(db: AppDatabase, photosDir: string, meta: PhotoMeta, data: Buffer): Promise<void> {
  const target = photoPath(db, photosDir, meta.sha256);
  if (sha256Hex(data) !== meta.sha256) throw new PhotoHashMismatchError(meta.sha256);
  ensurePhotosDir(photosDir);
  const temp = path.join(photosDir, `${TEMP_PREFIX}${randomBytes(12).toString('hex')}`);
  try {
    await fs.promises.writeFile(temp, encryptPhotoFile(db.photoKeys.encryption, meta.sha256, data), {
      mode: 0o600,
      flag: 'wx',
    });
    await fs.promises.rename(temp, target);
  } catch (error) {
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
}

/** Several photos' rows in one transaction. */
export function recordPhotoRows(
  db: AppDatabase,
  rows: ReadonlyArray<{ meta: PhotoMeta; bytes: number }>,
  now: () => Date = () => new Date(),
): void {
  if (rows.length === 0) return;
  db.sqlite.transaction(() => {
    for (const row of rows) recordPhotoRow(db, row.meta, row.bytes, now);
  })();
}

/**
 * Describes a file already verified on disk (a file kept after a 304 or found without its row).
 * `bytes` is the photo's size, not the encrypted file's (see PHOTO_FILE_OVERHEAD).
 */
export function recordPhotoRow(
  db: AppDatabase,
  meta: PhotoMeta,
  bytes: number,
  now: () => Date = () => new Date(),
): void {
  statements(db).record.run({
    sha256: meta.sha256,
    contentType: meta.contentType,
    bytes,
    width: meta.width,
    height: meta.height,
    fileName: photoFileName(db, meta.sha256),
    fetchedAt: now().toISOString(),
  });
}

/** Removes the file and its row, whoever references it (callers decide; see `deletePhotoIfUnused`). */
export function removePhoto(db: AppDatabase, photosDir: string, sha256: string): void {
  fs.rmSync(photoPath(db, photosDir, sha256), { force: true });
  db.sqlite.prepare('DELETE FROM photos WHERE sha256 = ?').run(sha256);
}

/**
 * Deletes a photo once no request still shows it: after a tombstone dropped a request, or when a
 * request's photo changed (photos are personal data and must not outlive their request). Two
 * requests can share one photo file, hence the check. Synchronous so the sync engine can call it
 * right after the transaction that changed the requests.
 * @returns true when the photo was deleted.
 */
export function deletePhotoIfUnused(db: AppDatabase, photosDir: string, sha256: string): boolean {
  if (!isSha256Hex(sha256)) return false;
  const used = db.sqlite.prepare('SELECT 1 FROM requests WHERE photo_sha256 = ? LIMIT 1').get(sha256);
  if (used !== undefined) return false;
  removePhoto(db, photosDir, sha256);
  return true;
}

/** Temporary files left by a crash mid-write (never renamed into place): removed at start. */
export function removeTempFiles(photosDir: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = fs.readdirSync(photosDir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    fs.rmSync(path.join(photosDir, name), { force: true });
    removed += 1;
  }
  return removed;
}
