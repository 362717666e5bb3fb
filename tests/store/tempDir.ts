import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function makeTempDir(): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-test-'));
  // Retried: a store opened with background checkpoints closes its worker thread's connection
  // asynchronously (AppDatabase.close is synchronous), and that last close removes the WAL file
  // while the directory is being emptied (ENOTEMPTY, seen once in CI).
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 }) };
}

export function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** The fixed store key of the test suite (synthetic data only): any 32 bytes do, this one is recognisable. */
export const TEST_STORE_KEY: Buffer = Buffer.from('7e57'.repeat(16), 'hex');
