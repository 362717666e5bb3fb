/**
 * The driver and the page encryption of the store file: how a connection is opened with its key.
 *
 * Cipher: better-sqlite3-multiple-ciphers (a drop-in for better-sqlite3), scheme `aegis` with
 * AEGIS-256 (SQLite3 Multiple Ciphers 2): every page is encrypted and authenticated (256-bit key,
 * a random nonce and a tag per page write), so a damaged or altered page is never read as data.
 * The key is given RAW (`x'<64 hex>'`): it is already 256 random bits, so the scheme's Argon2id
 * derivation (19 MiB, 2 passes, per connection) would add cost and no strength.
 *
 * Stores written before this version use the SQLCipher 4 page format (AES-256-CBC + HMAC-SHA512 per
 * page, `cipher = sqlcipher`, `legacy = 4`). They still open (the cipher is detected), and the app
 * rewrites them once into the current format (upgradeStoreCipher.ts). Why the change: on a 20,000-
 * request first sync the HMAC-SHA512 of each page written cost the thread answering the UI ~16 % of
 * its CPU (main-thread CPU 1.76 s against 1.48 s, median of 8 alternated pulls each), and each WAL
 * checkpoint decrypted and re-encrypted every page on top; AEGIS uses the CPU's AES instructions.
 */
import fs from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import CipherDatabase from 'better-sqlite3-multiple-ciphers';

// Same API as better-sqlite3 (its types are kept for the whole store); only the addon differs.
export const Database = CipherDatabase as unknown as typeof BetterSqlite3;
// eslint-disable-next-line @typescript-eslint/no-namespace -- re-export the driver's type namespace
export declare namespace Database {
  type Database = BetterSqlite3.Database;
  type Options = BetterSqlite3.Options;
}

export type StoreCipher = 'aegis-256' | 'sqlcipher-4';

/** What new stores are written in, and what older ones are upgraded to. */
export const CURRENT_STORE_CIPHER: StoreCipher = 'aegis-256';
/** Formats still read (and upgraded), newest first. */
const LEGACY_STORE_CIPHERS: readonly StoreCipher[] = ['sqlcipher-4'];

/** SQLite3 Multiple Ciphers' number for AEGIS-256, pinned so a new library default cannot change it. */
const AEGIS_256 = 4;

/** The pragmas that select a format's cipher and its parameters (before the key, or a rekey). */
export function cipherPragmas(cipher: StoreCipher): string[] {
  return cipher === 'aegis-256'
    ? [`cipher = 'aegis'`, `algorithm = ${AEGIS_256}`]
    : [`cipher = 'sqlcipher'`, 'legacy = 4'];
}

/** The key as a raw-key literal for `PRAGMA key` / `PRAGMA rekey` (no key derivation). */
export function rawKeyLiteral(key: Buffer): string {
  return `"x'${key.toString('hex')}'"`;
}

/**
 * The pragmas that open a store with its key, in order, before any read (also run by the background
 * connection, backgroundConnection.ts). The key must be a valid store key (checked by the caller).
 */
export function storeKeyPragmas(key: Buffer, cipher: StoreCipher = CURRENT_STORE_CIPHER): string[] {
  return [...cipherPragmas(cipher), `key = ${rawKeyLiteral(key)}`];
}

/** A connection with the key of one given format set, nothing read yet. */
export function connectWithCipher(
  file: string,
  key: Buffer,
  cipher: StoreCipher,
  options: BetterSqlite3.Options = {},
): BetterSqlite3.Database {
  const sqlite = new Database(file, options);
  try {
    for (const statement of storeKeyPragmas(key, cipher)) sqlite.pragma(statement);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return sqlite;
}

/** The driver's (or Node's) error code, e.g. `SQLITE_NOTADB`; '' when there is none. */
export function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : '';
}

function hasPages(file: string): boolean {
  try {
    return fs.statSync(file).size > 0;
  } catch {
    return false;
  }
}

/**
 * A connection to a store file with its key set and the file's format found: the current one, or a
 * legacy one (the first page only authenticates under its own format). A new or empty file gets the
 * current format. Nothing is written. With the wrong key (or a file that is not a store) the current
 * format's error is thrown (SQLITE_NOTADB).
 */
export function connectStore(
  file: string,
  key: Buffer,
  options: BetterSqlite3.Options = {},
): { sqlite: BetterSqlite3.Database; cipher: StoreCipher } {
  const sqlite = connectWithCipher(file, key, CURRENT_STORE_CIPHER, options);
  try {
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    return { sqlite, cipher: CURRENT_STORE_CIPHER };
  } catch (error) {
    sqlite.close();
    if (!errorCode(error).startsWith('SQLITE_NOTADB') || !hasPages(file)) throw error;
    for (const cipher of LEGACY_STORE_CIPHERS) {
      const legacy = connectWithCipher(file, key, cipher, options);
      try {
        legacy.prepare('SELECT count(*) FROM sqlite_master').get();
        return { sqlite: legacy, cipher };
      } catch {
        legacy.close();
      }
    }
    throw error;
  }
}
