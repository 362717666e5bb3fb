/**
 * Photos are personal data: when a cached request goes (tombstone, sweep) or shows a new photo, the
 * old photo's hash is collected inside the transaction and the photo store deletes the file once
 * nothing references it any more, right after the commit.
 */
import { deletePhotoIfUnused } from '../photos/photoStore';
import { createLogger } from '../log/logger';
import { type AppDatabase } from '../store/openDatabase';
import { statementCache } from '../store/statementCache';

const log = createLogger('sync.photos');

const statements = statementCache((sqlite) => ({
  shaOf: sqlite.prepare<[string], { sha: string | null }>('SELECT photo_sha256 AS sha FROM requests WHERE id = ?'),
}));

/** The photo hashes of these cached requests, read before they are deleted or replaced. */
export function photoShasOf(db: AppDatabase, requestIds: readonly string[]): string[] {
  const s = statements(db);
  const shas: string[] = [];
  for (const id of requestIds) {
    const sha = s.shaOf.get(id)?.sha;
    if (sha) shas.push(sha);
  }
  return shas;
}

/** After the commit; a failure is logged and never fails the sync. */
export function releasePhotos(db: AppDatabase, photosDir: string, shas: readonly string[]): number {
  let deleted = 0;
  for (const sha of new Set(shas)) {
    try {
      if (deletePhotoIfUnused(db, photosDir, sha)) deleted += 1;
    } catch (error) {
      log.warn('photo could not be deleted', { errorClass: error instanceof Error ? error.name : typeof error });
    }
  }
  return deleted;
}
