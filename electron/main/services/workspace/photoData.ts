/** `photos:get`: a request's cached photo, verified against its hash, as base64 for either transport. */
import { type z } from 'zod';
import { type PhotoData } from '../../../../shared/ipc/contract';
import { getPhotoRow, readPhoto } from '../photos/photoStore';
import { type AppDatabase } from '../store/openDatabase';
import { statementCache } from '../store/statementCache';

const statements = statementCache((sqlite) => ({
  photoOf: sqlite.prepare<[string], { sha256: string | null }>(
    'SELECT photo_sha256 AS sha256 FROM requests WHERE id = ?',
  ),
}));

/** Null when the request has no photo or it is not (or no longer validly) cached on this workstation. */
export async function photoData(
  db: AppDatabase,
  photosDir: string,
  requestId: string,
): Promise<z.infer<typeof PhotoData> | null> {
  const sha256 = statements(db).photoOf.get(requestId)?.sha256 ?? null;
  if (sha256 === null) return null;
  const row = getPhotoRow(db, sha256);
  if (!row) return null;
  const photo = await readPhoto(db, photosDir, sha256);
  if (!photo) return null;
  return {
    contentType: photo.contentType,
    base64: photo.data.toString('base64'),
    width: row.width,
    height: row.height,
  };
}
