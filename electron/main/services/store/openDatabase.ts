/**
 * The one place that opens the app's database. Everything driver-specific (better-sqlite3, its
 * native binding, pragmas, and later the encryption key of better-sqlite3-multiple-ciphers) lives
 * here so it can change in one module.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate, readSchemaVersion } from './migrate';
import { LATEST_SCHEMA_VERSION } from './migrations';
import * as schema from './schema';

export interface OpenDatabaseOptions {
  file: string;
  /** Path of a better-sqlite3 addon built for another ABI (the Electron shell's); default: Node's. */
  nativeBinding?: string;
  readonly?: boolean;
}

export interface AppDatabase {
  sqlite: Database.Database;
  orm: BetterSQLite3Database<typeof schema>;
  schemaVersion: number;
  file: string;
  close(): void;
}

export type StoreOpenErrorCode = 'FUTURE_SCHEMA' | 'CORRUPT' | 'LOCKED' | 'IO';

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
} as const;

function futureSchemaMessage(found: number): string {
  return (
    `Cette base de données a été créée par une version plus récente de l'application (schéma ${found}, ` +
    `cette version connaît le schéma ${LATEST_SCHEMA_VERSION}). Mettez l'application à jour ; ` +
    "le fichier n'a pas été modifié."
  );
}

function sqliteCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : '';
}

/** Maps a driver error to the few cases staff can act on. */
function toStoreOpenError(error: unknown): StoreOpenError {
  if (error instanceof StoreOpenError) return error;
  const code = sqliteCode(error);
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

/**
 * Checks an existing file without writing a byte to it: a corrupt file or one from a newer app
 * must stay exactly as it was so that a newer version, or a support technician, can still use it.
 */
function validateExisting(options: OpenDatabaseOptions): void {
  let probe: Database.Database | undefined;
  try {
    probe = new Database(options.file, driverOptions(options, true));
    const version = readSchemaVersion(probe);
    if (version > LATEST_SCHEMA_VERSION) {
      throw new StoreOpenError('FUTURE_SCHEMA', futureSchemaMessage(version));
    }
    const check = probe.pragma('quick_check') as Array<{ quick_check: string }>;
    if (check.length !== 1 || check[0]?.quick_check !== 'ok') {
      throw new StoreOpenError('CORRUPT', MESSAGES_FR.CORRUPT);
    }
  } catch (error) {
    throw toStoreOpenError(error);
  } finally {
    probe?.close();
  }
}

function wrap(sqlite: Database.Database, file: string): AppDatabase {
  return {
    sqlite,
    orm: drizzle(sqlite, { schema }),
    schemaVersion: readSchemaVersion(sqlite),
    file,
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
      sqlite.close();
    },
  };
}

export function openDatabase(options: OpenDatabaseOptions): AppDatabase {
  const file = path.resolve(options.file);
  const name = path.basename(file);
  const exists = fs.existsSync(file);

  if (exists) {
    try {
      validateExisting({ ...options, file });
    } catch (error) {
      const mapped = toStoreOpenError(error);
      console.error(`[store] refused ${name}: ${mapped.code} (file left untouched)`);
      throw mapped;
    }
  }
  if (options.readonly) {
    if (!exists) throw new StoreOpenError('IO', MESSAGES_FR.IO);
    try {
      const sqlite = new Database(file, driverOptions(options, true));
      sqlite.pragma('foreign_keys = ON');
      const db = wrap(sqlite, file);
      console.info(`[store] opened ${name} read-only at schema ${db.schemaVersion}`);
      return db;
    } catch (error) {
      throw toStoreOpenError(error);
    }
  }

  let sqlite: Database.Database | undefined;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    sqlite = new Database(file, driverOptions(options, false));
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
    const report = migrate(sqlite);
    const db = wrap(sqlite, file);
    console.info(
      `[store] opened ${name} at schema ${db.schemaVersion}` +
        (report.applied.length > 0 ? ` (migrated from ${report.from}: ${report.applied.join(', ')})` : ''),
    );
    return db;
  } catch (error) {
    sqlite?.close();
    const mapped = toStoreOpenError(error);
    console.error(`[store] open ${name} failed: ${mapped.code} (${sqliteCode(error) || 'no driver code'})`);
    throw mapped;
  }
}
