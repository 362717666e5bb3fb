import { type PhotoMeta } from './generateDataset';

/**
 * Fake photo metadata for the pure generator. The server replaces it with the real pool it renders
 * at start, so these hashes never need to match bytes.
 */
export const BUILTIN_PHOTO_POOL: readonly PhotoMeta[] = [
  ['1f0c6a8e', 'image/jpeg', 48213, 413, 531, 'good'],
  ['2b9e4d11', 'image/jpeg', 51877, 480, 600, 'good'],
  ['3c7a0f52', 'image/jpeg', 22190, 413, 531, 'blurry'],
  ['4d18b6e3', 'image/jpeg', 39954, 450, 580, 'white-background'],
  ['5e2f9c74', 'image/jpeg', 9120, 240, 320, 'too-small'],
  ['6fa3d085', 'image/png', 133802, 413, 531, 'good-png'],
].map(([prefix, contentType, bytes, width, height, quality]) => ({
  sha256: String(prefix).repeat(8),
  contentType: contentType as PhotoMeta['contentType'],
  bytes: Number(bytes),
  width: Number(width),
  height: Number(height),
  quality: String(quality),
}));
