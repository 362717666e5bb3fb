/**
 * A second connection to the store, on a thread of its own, for the disk work the thread answering
 * the UI must never wait on:
 *
 * - WAL checkpoints. SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL
 *   pages, on the thread that committed: copying those pages into the database and syncing it held
 *   the UI's thread 30–55 ms at a time during a 20k first sync (measured; 24–27 ms with checkpoints
 *   moved away). Here PASSIVE checkpoints run every second — they never block the main connection's
 *   readers or writers — and the main connection's automatic checkpoint is turned off only once the
 *   thread is running. If it cannot start or dies, automatic checkpoints come back.
 * - Background writes (`write`): rows nobody waits for, such as photo check results. On this disk a
 *   commit on the UI thread now and then waited 15–140 ms for the file system (during the other
 *   connection's checkpoint syncs); written here, that wait is this thread's. The caller keeps
 *   what it sent until it is acknowledged, and writes it itself if this thread fails.
 *
 * The thread runs a few lines of plain JavaScript with `eval`, so it is the same code whether the
 * services run built (Electron) or from sources (tests, host); the driver is loaded by the path the
 * main thread resolved, with the same native addon.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

const AUTO_CHECKPOINT_PAGES = 1_000;
const INTERVAL_MS = 1_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const options = workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {};
const db = new Database(workerData.file, options);
for (const statement of workerData.keyPragmas) db.pragma(statement);
// Writes wait for the main connection's transaction (a feed page) as its own writes do.
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
db.prepare('SELECT count(*) FROM sqlite_master').get();
parentPort.postMessage({ ready: true });
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // SQLITE_BUSY: another checkpoint is running; the next tick tries again.
  }
}, workerData.intervalMs);
const prepared = new Map();
const statement = (sql) => {
  let found = prepared.get(sql);
  if (!found) {
    found = db.prepare(sql);
    prepared.set(sql, found);
  }
  return found;
};
parentPort.on('message', (message) => {
  if (message && message.type === 'write') {
    try {
      db.transaction(() => {
        for (const write of message.statements) statement(write.sql).run(write.params);
      }).immediate(); // the write lock first: see openDatabase.ts, beginTransactionsImmediately
      parentPort.postMessage({ type: 'written', id: message.id });
    } catch (error) {
      parentPort.postMessage({ type: 'writeFailed', id: message.id, errorClass: error && error.code ? error.code : 'Error' });
    }
    return;
  }
  if (message !== 'close') return;
  clearInterval(timer);
  try { db.close(); } catch (error) {}
  parentPort.postMessage({ closed: true });
  parentPort.close();
});
`;

/** One statement of a background write: its SQL and its parameters (named, as an object). */
export interface BackgroundStatement {
  sql: string;
  params: Record<string, string | number | null>;
}

/** A batch written on the given connection itself, in one transaction (no background thread). */
export function writeStatementsHere(sqlite: BetterSqlite3.Database, statements: readonly BackgroundStatement[]): void {
  sqlite.transaction(() => {
    for (const statement of statements) sqlite.prepare(statement.sql).run(statement.params);
  })();
}

export class BackgroundWriteError extends Error {
  override readonly name = 'BackgroundWriteError';
}

export interface BackgroundConnection {
  /** Runs the statements in one transaction on the background thread; rejects if it fails or stops. */
  write(statements: readonly BackgroundStatement[]): Promise<void>;
  /** Stops the thread (its connection closed first when it answers in time); pending writes fail. */
  stop(): Promise<void>;
}

type WorkerMessage =
  { ready: true } | { type: 'written'; id: number } | { type: 'writeFailed'; id: number; errorClass: string };

export function startBackgroundConnection(options: {
  sqlite: BetterSqlite3.Database;
  file: string;
  keyPragmas: readonly string[];
  busyTimeoutMs: number;
  nativeBinding?: string;
  log: (message: string, fields?: Record<string, unknown>) => void;
}): BackgroundConnection {
  const { sqlite } = options;
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers');
  let stopped = false;
  let failed = false;
  let nextId = 1;
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // Plain JavaScript: none of the parent's Node options (a TypeScript loader under tsx would add
    // its own hooks thread and ~6 MB of heap whose collections compete with the UI thread's).
    execArgv: [],
    workerData: {
      driverPath,
      file: options.file,
      keyPragmas: options.keyPragmas,
      nativeBinding: options.nativeBinding,
      intervalMs: INTERVAL_MS,
      busyTimeoutMs: options.busyTimeoutMs,
    },
  });
  worker.unref();
  const restoreAuto = () => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  };
  const failPending = (reason: string) => {
    for (const [, p] of pending) p.reject(new BackgroundWriteError(reason));
    pending.clear();
    worker.unref();
  };
  worker.on('message', (message: WorkerMessage) => {
    if ('ready' in message) {
      if (!stopped && sqlite.open) sqlite.pragma('wal_autocheckpoint = 0');
      return;
    }
    const waiting = pending.get(message.id);
    if (waiting === undefined) return;
    pending.delete(message.id);
    if (pending.size === 0) worker.unref();
    if (message.type === 'written') waiting.resolve();
    else waiting.reject(new BackgroundWriteError(message.errorClass));
  });
  worker.on('error', (error) => {
    failed = true;
    options.log('background connection failed; automatic checkpoints restored', { errorClass: error.name });
    restoreAuto();
    failPending('background connection failed');
  });
  worker.on('exit', () => {
    failed = true;
    if (!stopped) restoreAuto();
    failPending('background connection stopped');
  });
  return {
    write(statements) {
      if (stopped || failed) return Promise.reject(new BackgroundWriteError('background connection stopped'));
      return new Promise<void>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        // Kept alive while a write is in flight, so a short-lived process does not exit before it lands.
        if (pending.size === 1) worker.ref();
        worker.postMessage({ type: 'write', id, statements });
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      restoreAuto();
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('close');
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref());
      await Promise.race([exited, timeout]);
      await worker.terminate();
    },
  };
}
