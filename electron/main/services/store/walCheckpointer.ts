/**
 * WAL checkpoints on a thread of their own. SQLite's automatic checkpoint runs inside the commit that
 * crosses 1,000 WAL pages, on the thread that committed: copying those pages into the database and
 * syncing it held the UI's thread 30–55 ms at a time during a 20k first sync (measured; 24–27 ms
 * with checkpoints moved away). Here a worker thread with its own connection runs PASSIVE
 * checkpoints every second — they never block the main connection's readers or writers — and the
 * main connection's automatic checkpoint is turned off only once that worker is running. If the
 * worker cannot start or dies, automatic checkpoints come back.
 *
 * The worker is a few lines of plain JavaScript run with `eval`, so it is the same code whether the
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
db.pragma('busy_timeout = 0');
db.prepare('SELECT count(*) FROM sqlite_master').get();
parentPort.postMessage({ ready: true });
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // SQLITE_BUSY: another checkpoint is running; the next tick tries again.
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  try { db.close(); } catch (error) {}
  parentPort.postMessage({ closed: true });
  parentPort.close();
});
`;

export interface WalCheckpointer {
  /** Stops the worker (its connection closed first when it answers in time). */
  stop(): Promise<void>;
}

export function startWalCheckpointer(options: {
  sqlite: BetterSqlite3.Database;
  file: string;
  keyPragmas: readonly string[];
  nativeBinding?: string;
  log: (message: string, fields?: Record<string, unknown>) => void;
}): WalCheckpointer {
  const { sqlite } = options;
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers');
  let stopped = false;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driverPath,
      file: options.file,
      keyPragmas: options.keyPragmas,
      nativeBinding: options.nativeBinding,
      intervalMs: INTERVAL_MS,
    },
  });
  worker.unref();
  const restoreAuto = () => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  };
  worker.on('message', (message: { ready?: boolean }) => {
    if (message.ready && !stopped && sqlite.open) sqlite.pragma('wal_autocheckpoint = 0');
  });
  worker.on('error', (error) => {
    options.log('wal checkpointer failed; automatic checkpoints restored', { errorClass: error.name });
    restoreAuto();
  });
  worker.on('exit', () => {
    if (!stopped) restoreAuto();
  });
  return {
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
