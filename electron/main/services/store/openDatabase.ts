/**
 * The one place that opens the app's database: checks, pragmas, migrations. The driver and the page
 * encryption (AEGIS-256 with a raw 256-bit key; older SQLCipher 4 stores upgraded once) are in
 * storeConnection.ts. There is no unencrypted mode: no key, no store.
 */
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate, readSchemaVersion } from './migrate';
import { LATEST_SCHEMA_VERSION } from './migrations';
import * as schema from './schema';
import {
  BackgroundWriteError,
  startBackgroundConnection,
  writeStatementsHere,
  type BackgroundStatement,
} from './backgroundConnection';
import { derivePhotoKeys, isStoreKey, storeKeyId, type PhotoKeys } from '../secrets/storeKey';
import {
  connectStore,
  connectWithCipher,
  CURRENT_STORE_CIPHER,
  errorCode,
  storeKeyPragmas,
  type Database,
  type StoreCipher,
} from './storeConnection';
import { removeStrayUpgrade, upgradeStoreCipher } from './upgradeStoreCipher';

export interface OpenDatabaseOptions {
  file: string;
  /** The store key: 32 random bytes (secrets/storeKey.ts). Required: there is no clear-text store. */
  key: Buffer;
  /** Path of a better-sqlite3-multiple-ciphers addon built for another ABI (the Electron shell's); default: Node's. */
  nativeBinding?: string;
  readonly?: boolean;
  /**
   * Run WAL checkpoints and background writes on a second connection on its own thread instead of
   * in this one (store/backgroundConnection.ts): for the process that answers the UI. Off by default
   * (tests, tools, short-lived connections): checkpoints then run inside commits, and background
   * writes are written at once.
   */
  backgroundCheckpoints?: boolean;
}

export interface AppDatabase {
  sqlite: Database.Database;
  orm: BetterSQLite3Database<typeof schema>;
  schemaVersion: number;
  file: string;
  /** Keys of the photo cache, derived from the store key (photos/photoStore.ts). */
  photoKeys: PhotoKeys;
  /**
   * Writes rows nobody waits for in one transaction, on the background connection when there is one
   * (never blocking this thread on the disk), else here; if the background connection fails, here.
   */
  writeInBackground(statements: readonly BackgroundStatement[]): Promise<void>;
  close(): void;
}

export type StoreOpenErrorCode = 'FUTURE_SCHEMA' | 'CORRUPT' | 'LOCKED' | 'IO' | 'NO_KEY' | 'WRONG_KEY' | 'UNENCRYPTED';

export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
  constructor(
    readonly code: StoreOpenErrorCode,
    /** Shown to staff as is. */
    readonly messageFr: string,
    options?: { cause?: unknown },
  ) {
    super(`[store] cannot open database: ${code}`, options);
  }
}

const BUSY_TIMEOUT_MS = 5_000;
const CACHE_KIB = 32_768;

const MESSAGES_FR = {
  CORRUPT:
    "Le fichier de données de l'application est illisible ou endommagé (ce n'est pas une base de données valide). " +
    "Le fichier n'a pas été modifié. Restaurez une sauvegarde ou contactez l'assistance.",
  LOCKED:
    "La base de données est déjà utilisée par une autre fenêtre ou instance de l'application. " +
    'Fermez-la puis réessayez.',
  IO:
    "Impossible d'ouvrir la base de données de l'application (dossier inaccessible, droits insuffisants " +
    "ou disque plein). Vérifiez le dossier de l'application puis réessayez.",
  NO_KEY:
    "La clé de chiffrement des données de ce poste n'est pas disponible : les données ne peuvent pas être " +
    "ouvertes. Le fichier n'a pas été modifié. Contactez l'assistance.",
  WRONG_KEY:
    'La clé de chiffrement disponible ne correspond pas aux données de ce poste (trousseau du système changé ' +
    "ou fichier copié d'un autre poste). Le fichier n'a pas été modifié. Contactez l'assistance.",
  UNENCRYPTED:
    "Le fichier de données de ce poste n'est pas chiffré ; l'application refuse de l'utiliser. " +
    "Le fichier n'a pas été modifié. Contactez l'assistance.",
} as const;

const SQLITE_PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const KEY_ID_SUFFIX = '.keyid';

/** The first bytes of a clear-text SQLite file; an encrypted one starts with its random salt. */
function isPlainSqlite(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(SQLITE_PLAIN_HEADER.length);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return read === head.length && head.equals(SQLITE_PLAIN_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

/** The fingerprint written beside the file, if any (public: an HMAC of a constant under the key). */
function readKeyId(file: string): string | null {
  try {
    return fs.readFileSync(`${file}${KEY_ID_SUFFIX}`, 'utf8').trim();
  } catch {
    return null;
  }
}

function writeKeyId(file: string, key: Buffer): void {
  const id = storeKeyId(key);
  if (readKeyId(file) === id) return;
  try {
    fs.writeFileSync(`${file}${KEY_ID_SUFFIX}`, `${id}\n`, { mode: 0o600 });
  } catch {
    // Only a diagnostic aid (wrong key vs damaged file): never a reason to refuse the store.
  }
}

/** A valid store key, or the NO_KEY refusal: a store is never opened nor created without it. */
function requireStoreKey(key: Buffer): Buffer {
  if (!isStoreKey(key)) throw new StoreOpenError('NO_KEY', MESSAGES_FR.NO_KEY);
  return key;
}

/**
 * A connection to a store file with its key set (in the file's own format), nothing else: no checks,
 * no migration, no format upgrade. For tools and tests that must look inside a store file.
 */
export function openStoreConnection(file: string, key: Buffer, options: BetterSqlite3.Options = {}): Database.Database {
  return connectStore(file, requireStoreKey(key), options).sqlite;
}

function futureSchemaMessage(found: number): string {
  return (
    `Cette base de données a été créée par une version plus récente de l'application (schéma ${found}, ` +
    `cette version connaît le schéma ${LATEST_SCHEMA_VERSION}). Mettez l'application à jour ; ` +
    "le fichier n'a pas été modifié."
  );
}

/** Maps a driver error to the few cases staff can act on. */
function toStoreOpenError(error: unknown): StoreOpenError {
  if (error instanceof StoreOpenError) return error;
  const code = errorCode(error);
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreOpenError('CORRUPT', MESSAGES_FR.CORRUPT, { cause: error });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreOpenError('LOCKED', MESSAGES_FR.LOCKED, { cause: error });
  }
  return new StoreOpenError('IO', MESSAGES_FR.IO, { cause: error });
}

function driverOptions(options: OpenDatabaseOptions, readonly: boolean): Database.Options {
  return {
    readonly,
    fileMustExist: readonly,
    timeout: BUSY_TIMEOUT_MS,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  };
}

function walHasFrames(file: string): boolean {
  try {
    return fs.statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

/**
 * How much checking an open needs. Every page of an encrypted store carries an authentication tag
 * checked on each read, so a damaged page can never be read as data: it fails with SQLITE_CORRUPT
 * when touched. What the tags cannot see is a missing tail (a truncated copy) or an interrupted
 * session (a WAL left by a crash). A cleanly closed file is therefore checked in milliseconds (its
 * size matches the pages it announces, its schema reads and authenticates); after a crash the full
 * `quick_check` runs, which reads and decrypts every page (too slow for every start at 50,000 requests).
 */
function checkStructure(probe: Database.Database, file: string): void {
  if (walHasFrames(file)) {
    const check = probe.pragma('quick_check') as Array<{ quick_check: string }>;
    if (check.length !== 1 || check[0]?.quick_check !== 'ok') {
      throw new StoreOpenError('CORRUPT', MESSAGES_FR.CORRUPT);
    }
    return;
  }
  const pageSize = probe.pragma('page_size', { simple: true }) as number;
  const pageCount = probe.pragma('page_count', { simple: true }) as number;
  probe.prepare('SELECT count(*) FROM sqlite_master').get();
  if (fs.statSync(file).size !== pageSize * pageCount) {
    throw new StoreOpenError('CORRUPT', MESSAGES_FR.CORRUPT);
  }
}

/**
 * Checks an existing file without writing a byte to it: a corrupt file or one from a newer app
 * must stay exactly as it was so that a newer version, or a support technician, can still use it.
 */
function validateExisting(options: OpenDatabaseOptions): StoreCipher {
  if (isPlainSqlite(options.file)) throw new StoreOpenError('UNENCRYPTED', MESSAGES_FR.UNENCRYPTED);
  const knownId = readKeyId(options.file);
  if (knownId !== null && knownId !== storeKeyId(options.key)) {
    throw new StoreOpenError('WRONG_KEY', MESSAGES_FR.WRONG_KEY);
  }
  let probe: Database.Database | undefined;
  try {
    const found = connectStore(options.file, options.key, driverOptions(options, true));
    probe = found.sqlite;
    const version = readSchemaVersion(probe);
    if (version > LATEST_SCHEMA_VERSION) {
      throw new StoreOpenError('FUTURE_SCHEMA', futureSchemaMessage(version));
    }
    checkStructure(probe, options.file);
    return found.cipher;
  } catch (error) {
    throw toStoreOpenError(error);
  } finally {
    probe?.close();
  }
}

/**
 * Makes `sqlite.transaction(fn)` start with BEGIN IMMEDIATE (its `.deferred` variant stays at hand).
 * Two connections write the file (this one, and the background one: photo check results): a
 * transaction that reads, then writes, after the other committed in between fails at once with
 * SQLITE_BUSY — SQLite cannot wait there without risking a deadlock. Taking the write lock at BEGIN
 * lets the busy timeout wait for the other instead.
 */
function beginTransactionsImmediately(sqlite: Database.Database): void {
  const transaction = sqlite.transaction.bind(sqlite);
  sqlite.transaction = ((fn: (...args: never[]) => unknown) => transaction(fn).immediate) as typeof sqlite.transaction;
}

function wrap(
  sqlite: Database.Database,
  file: string,
  key: Buffer,
  cipher: StoreCipher,
  checkpoints: { nativeBinding?: string } | null = null,
): AppDatabase {
  const background =
    checkpoints === null
      ? null
      : startBackgroundConnection({
          sqlite,
          file,
          keyPragmas: storeKeyPragmas(key, cipher),
          busyTimeoutMs: BUSY_TIMEOUT_MS,
          nativeBinding: checkpoints.nativeBinding,
          log: (message, fields) => console.warn(`[store] ${message}`, JSON.stringify(fields ?? {})),
        });
  return {
    sqlite,
    orm: drizzle(sqlite, { schema }),
    schemaVersion: readSchemaVersion(sqlite),
    file,
    photoKeys: derivePhotoKeys(key),
    async writeInBackground(statements) {
      if (background !== null) {
        try {
          return await background.write(statements);
        } catch (error) {
          if (!(error instanceof BackgroundWriteError) || !sqlite.open) throw error;
          // The thread is gone (or refused): written here rather than lost.
        }
      }
      writeStatementsHere(sqlite, statements);
    },
    close(): void {
      if (!sqlite.open) return;
      if (!sqlite.readonly) {
        try {
          // Refreshes the planner's statistics for the indexes used since opening; cheap when nothing changed.
          sqlite.pragma('optimize');
        } catch {
          // Never let housekeeping prevent closing.
        }
      }
      void background?.stop();
      sqlite.close();
    },
  };
}

/**
 * Rewrites a store of an older page format into the current one (upgradeStoreCipher.ts); answers the
 * format to open it in. A failed upgrade leaves the file as it was: the store is then used in its old
 * format for this session and the upgrade is tried again at the next start.
 */
function upgradeCipher(file: string, options: OpenDatabaseOptions, from: StoreCipher): StoreCipher {
  const name = path.basename(file);
  try {
    const { ms } = upgradeStoreCipher({ file, key: options.key, from, options: driverOptions(options, false) });
    console.info(`[store] ${name} rewritten from ${from} to ${CURRENT_STORE_CIPHER} in ${Math.round(ms)} ms`);
    return CURRENT_STORE_CIPHER;
  } catch (error) {
    const reason = errorCode(error) || (error as { reason?: string }).reason || (error as Error).name;
    console.warn(`[store] ${name} kept in ${from} for this session: format upgrade failed (${String(reason)})`);
    return from;
  }
}

export function openDatabase(options: OpenDatabaseOptions): AppDatabase {
  const file = path.resolve(options.file);
  const name = path.basename(file);
  const exists = fs.existsSync(file);
  if (!isStoreKey(options.key)) {
    // Never create nor read a store without its key: there is no clear-text fallback.
    console.error(`[store] refused ${name}: NO_KEY (file left untouched)`);
    throw new StoreOpenError('NO_KEY', MESSAGES_FR.NO_KEY);
  }

  let cipher: StoreCipher = CURRENT_STORE_CIPHER;
  if (exists) {
    try {
      cipher = validateExisting({ ...options, file });
    } catch (error) {
      const mapped = toStoreOpenError(error);
      console.error(`[store] refused ${name}: ${mapped.code} (file left untouched)`);
      throw mapped;
    }
  }
  if (options.readonly) {
    if (!exists) throw new StoreOpenError('IO', MESSAGES_FR.IO);
    try {
      const sqlite = connectWithCipher(file, options.key, cipher, driverOptions(options, true));
      sqlite.pragma('foreign_keys = ON');
      const db = wrap(sqlite, file, options.key, cipher);
      console.info(`[store] opened ${name} read-only at schema ${db.schemaVersion}`);
      return db;
    } catch (error) {
      throw toStoreOpenError(error);
    }
  }

  let sqlite: Database.Database | undefined;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (exists && cipher !== CURRENT_STORE_CIPHER) cipher = upgradeCipher(file, options, cipher);
    else removeStrayUpgrade(file);
    sqlite = connectWithCipher(file, options.key, cipher, driverOptions(options, false));
    // Read again before the first write: another process may have upgraded the file since the probe.
    const found = readSchemaVersion(sqlite);
    if (found > LATEST_SCHEMA_VERSION) throw new StoreOpenError('FUTURE_SCHEMA', futureSchemaMessage(found));
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const mode = sqlite.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`[store] journal_mode is ${String(mode)}, expected wal`);
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    // 32 MiB of page cache (default 2 MiB): a full resync writes 100k rows into several indexes with
    // random keys (UUIDs), which otherwise re-reads the same index pages from disk over and over.
    sqlite.pragma(`cache_size = -${CACHE_KIB}`);
    beginTransactionsImmediately(sqlite);
    const report = migrate(sqlite);
    writeKeyId(file, options.key);
    const db = wrap(
      sqlite,
      file,
      options.key,
      cipher,
      options.backgroundCheckpoints === true ? { nativeBinding: options.nativeBinding } : null,
    );
    console.info(
      `[store] opened ${name} at schema ${db.schemaVersion}` +
        (report.applied.length > 0 ? ` (migrated from ${report.from}: ${report.applied.join(', ')})` : ''),
    );
    return db;
  } catch (error) {
    sqlite?.close();
    const mapped = toStoreOpenError(error);
    console.error(`[store] open ${name} failed: ${mapped.code} (${errorCode(error) || 'no driver code'})`);
    throw mapped;
  }
}
