import { createCipheriv, createHash } from 'node:crypto';
import { type Photo } from '../../shared/region-api/schemas';
import { type PooledPhoto } from './photoPool';

/** Largest payload of one JPEG segment: its 16-bit length counts itself (2 bytes). */
const MAX_SEGMENT_DATA = 65_533;
const PNG_SIGNATURE_BYTES = 8;
/** Every distinct photo carries at least this much request-specific text, even past the target size. */
const MIN_PADDING = 32;

/**
 * Printable text derived from the request id alone (AES-CTR keystream of its SHA-256, base64):
 * the same request always gets the same bytes, two requests never share them.
 */
function paddingText(requestId: string, length: number): Buffer {
  const key = createHash('sha256').update(`region-sim.photo.${requestId}`).digest();
  const cipher = createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32));
  const raw = cipher.update(Buffer.alloc(Math.ceil((length * 3) / 4) + 3));
  return Buffer.from(raw.toString('base64').slice(0, length), 'latin1');
}

/** COM segments right after SOI: decoders skip them by length, the image itself is untouched. */
function padJpeg(data: Buffer, text: Buffer): Buffer {
  if (data[0] !== 0xff || data[1] !== 0xd8) throw new Error('region-sim: pool JPEG without SOI');
  const parts: Buffer[] = [data.subarray(0, 2)];
  for (let start = 0; start < text.length; start += MAX_SEGMENT_DATA) {
    const chunk = text.subarray(start, start + MAX_SEGMENT_DATA);
    const header = Buffer.from([0xff, 0xfe, 0, 0]);
    header.writeUInt16BE(chunk.length + 2, 2);
    parts.push(header, chunk);
  }
  parts.push(data.subarray(2));
  return Buffer.concat(parts);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One `tEXt` chunk (ancillary, safe to ignore) right after IHDR, which must stay first. */
function padPng(data: Buffer, text: Buffer): Buffer {
  const ihdrLength = data.readUInt32BE(PNG_SIGNATURE_BYTES);
  if (data.toString('latin1', PNG_SIGNATURE_BYTES + 4, PNG_SIGNATURE_BYTES + 8) !== 'IHDR') {
    throw new Error('region-sim: pool PNG without IHDR first');
  }
  const afterIhdr = PNG_SIGNATURE_BYTES + 12 + ihdrLength;
  const typeAndData = Buffer.concat([Buffer.from('tEXtComment\0', 'latin1'), text]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(typeAndData.length - 4);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([data.subarray(0, afterIhdr), length, typeAndData, crc, data.subarray(afterIhdr)]);
}

/** Bytes a segment or chunk adds around its text, so the padded photo lands on the target size. */
function framingBytes(contentType: PooledPhoto['contentType'], textLength: number): number {
  if (contentType === 'image/png') return 12 + 'Comment\0'.length;
  return 4 * Math.max(1, Math.ceil(textLength / MAX_SEGMENT_DATA));
}

/**
 * The request's pool image made unique: padded with text derived from `requestId` up to about
 * `targetBytes` (never below the pool image plus a little), still a valid, decodable image.
 */
export function distinctPhotoBytes(base: PooledPhoto, requestId: string, targetBytes: number): Buffer {
  let textLength = Math.max(MIN_PADDING, targetBytes - base.data.length);
  textLength = Math.max(MIN_PADDING, textLength - framingBytes(base.contentType, textLength));
  const text = paddingText(requestId, textLength);
  return base.contentType === 'image/png' ? padPng(base.data, text) : padJpeg(base.data, text);
}

export interface DistinctPhotoBlob {
  sha256: string;
  contentType: PooledPhoto['contentType'];
  data: Buffer;
}

/**
 * Gives every photo of `requests` its own bytes (in place: sha256 and bytes follow the new blob)
 * and hands each blob to `store`, one at a time so thousands of photos never sit in memory.
 */
export function makePhotosDistinct(
  requests: ReadonlyArray<{ id: string; photo: Photo | null }>,
  pool: readonly PooledPhoto[],
  targetBytes: number,
  store: (blob: DistinctPhotoBlob) => void,
): number {
  const bySha = new Map(pool.map((p) => [p.sha256, p]));
  let made = 0;
  for (const request of requests) {
    const photo = request.photo;
    if (!photo) continue;
    const base = bySha.get(photo.sha256);
    if (!base) throw new Error(`region-sim: request ${request.id} has a photo outside the pool`);
    const data = distinctPhotoBytes(base, request.id, targetBytes);
    photo.sha256 = createHash('sha256').update(data).digest('hex');
    photo.bytes = data.length;
    store({ sha256: photo.sha256, contentType: base.contentType, data });
    made += 1;
  }
  return made;
}
