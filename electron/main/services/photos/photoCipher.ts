/**
 * The photo files' encryption at rest (format described in photoStore.ts), without the database:
 * the photo-check process decrypts the files it checks with the key it is handed, so the bytes of
 * a photo never cross into the process that answers the UI for a background check.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const FORMAT_VERSION = 0x01;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes an encrypted file has beyond the photo itself (version, nonce, tag). */
export const PHOTO_FILE_OVERHEAD = 1 + NONCE_BYTES + TAG_BYTES;

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `0x01 ‖ nonce ‖ AES-256-GCM(data) ‖ tag`, the photo's SHA-256 as associated data. */
export function encryptPhotoFile(key: Buffer, sha256: string, data: Buffer): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(sha256, 'latin1'));
  const body = Buffer.concat([cipher.update(data), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT_VERSION]), nonce, body, cipher.getAuthTag()]);
}

/** The photo's bytes, or null when the file is not an authentic encryption of that photo. */
export function decryptPhotoFile(key: Buffer, sha256: string, file: Buffer): Buffer | null {
  if (file.length < PHOTO_FILE_OVERHEAD || file[0] !== FORMAT_VERSION) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, file.subarray(1, 1 + NONCE_BYTES));
    decipher.setAAD(Buffer.from(sha256, 'latin1'));
    decipher.setAuthTag(file.subarray(file.length - TAG_BYTES));
    const head = decipher.update(file.subarray(1 + NONCE_BYTES, file.length - TAG_BYTES));
    const tail = decipher.final(); // empty for GCM; checks the tag
    // No concatenated copy when the tail is empty: one less 60 KB buffer per photo read.
    const data = tail.length === 0 ? head : Buffer.concat([head, tail]);
    return sha256Hex(data) === sha256 ? data : null;
  } catch {
    return null;
  }
}
