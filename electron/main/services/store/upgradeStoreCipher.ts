/**
 * Rewrites a store of an older page format (SQLCipher 4) into the current one (storeConnection.ts),
 * once, when the app opens it for writing.
 *
 * Never in place: SQLite3 Multiple Ciphers changes a scheme with a rekey, which rewrites every page
 * in one transaction whose rollback journal holds pages of the old format — a crash then would leave
 * a file that neither format opens cleanly. So the store is checkpointed and closed, COPIED, the
 * copy is rekeyed and fully checked, synced to disk, and only then renamed over the original (an
 * atomic replace). Until that rename the original is untouched; a crash before it leaves a stray
 * copy that the next attempt deletes. The caller keeps using the old format for the session if the
 * upgrade fails (disk full, file held by another process): nothing is lost, it retries next start.
 */
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import {
  cipherPragmas,
  connectWithCipher,
  CURRENT_STORE_CIPHER,
  rawKeyLiteral,
  type StoreCipher,
} from './storeConnection';

/** Suffix of the copy being rewritten beside the store (and of its journal). */
export const CIPHER_UPGRADE_SUFFIX = '.cipher-upgrade';

export class CipherUpgradeError extends Error {
  override readonly name = 'CipherUpgradeError';
  constructor(readonly reason: 'BUSY' | 'WAL_LEFT' | 'CHECK_FAILED') {
    super(`[store] cipher upgrade aborted: ${reason}`);
  }
}

/** Deletes what an interrupted upgrade may have left beside the store (never the store itself). */
export function removeStrayUpgrade(file: string): void {
  const copy = `${file}${CIPHER_UPGRADE_SUFFIX}`;
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${copy}${suffix}`, { force: true });
}

function fsyncPath(target: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(target, 'r');
    fs.fsyncSync(fd);
  } catch (error) {
    // Directories cannot be opened (nor synced) on Windows, whose rename is durable on its own.
    if (fs.statSync(target).isFile()) throw error;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Folds the WAL into the file and closes the connection, so the file alone holds every committed
 * page. Refuses when another connection keeps the WAL busy.
 */
function checkpointAndClose(file: string, key: Buffer, from: StoreCipher, options: BetterSqlite3.Options): void {
  const sqlite = connectWithCipher(file, key, from, options);
  try {
    const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    if (result === undefined || result.busy !== 0) throw new CipherUpgradeError('BUSY');
  } finally {
    sqlite.close();
  }
  let walBytes = 0;
  try {
    walBytes = fs.statSync(`${file}-wal`).size;
  } catch {
    // No WAL at all: the usual case after the last connection closed.
  }
  if (walBytes > 0) throw new CipherUpgradeError('WAL_LEFT');
}

function rekeyCopy(copy: string, key: Buffer, from: StoreCipher, options: BetterSqlite3.Options): number {
  const sqlite = connectWithCipher(copy, key, from, options);
  try {
    const version = sqlite.pragma('user_version', { simple: true }) as number;
    // A rekey runs in rollback-journal mode only; the store goes back to WAL when next opened.
    sqlite.pragma('journal_mode = DELETE');
    for (const statement of cipherPragmas(CURRENT_STORE_CIPHER)) sqlite.pragma(statement);
    sqlite.pragma(`rekey = ${rawKeyLiteral(key)}`);
    return version;
  } finally {
    sqlite.close();
  }
}

function checkCopy(copy: string, key: Buffer, version: number, options: BetterSqlite3.Options): void {
  const sqlite = connectWithCipher(copy, key, CURRENT_STORE_CIPHER, { ...options, readonly: true });
  try {
    const check = sqlite.pragma('quick_check') as Array<{ quick_check: string }>;
    const ok = check.length === 1 && check[0]?.quick_check === 'ok';
    if (!ok || sqlite.pragma('user_version', { simple: true }) !== version) {
      throw new CipherUpgradeError('CHECK_FAILED');
    }
  } finally {
    sqlite.close();
  }
}

/**
 * Upgrades `file` from `from` to the current format. No connection to it may be open. Throws on
 * any failure with the original file as it was (and no copy left behind).
 */
export function upgradeStoreCipher(input: {
  file: string;
  key: Buffer;
  from: StoreCipher;
  /** Driver options (the native binding); `readonly` is ignored. */
  options?: BetterSqlite3.Options;
}): { ms: number } {
  const started = performance.now();
  const { file, key, from } = input;
  const options: BetterSqlite3.Options = { ...input.options, readonly: false, fileMustExist: true };
  const copy = `${file}${CIPHER_UPGRADE_SUFFIX}`;
  removeStrayUpgrade(file);
  try {
    checkpointAndClose(file, key, from, options);
    fs.copyFileSync(file, copy);
    const version = rekeyCopy(copy, key, from, options);
    checkCopy(copy, key, version, options);
    fsyncPath(copy);
    fs.renameSync(copy, file);
  } catch (error) {
    removeStrayUpgrade(file);
    throw error;
  }
  // Best effort: the rename is done; a lost directory entry update would only redo the upgrade.
  try {
    fsyncPath(path.dirname(file));
  } catch {
    // See fsyncPath.
  }
  return { ms: performance.now() - started };
}
