/**
 * Photo checks for the app: on demand for the request staff open (stored result if it is of the
 * current CHECKS_VERSION, else computed now), and in the background after each sync for every
 * cached photo without a current result — so each photo is checked once, and again only when the
 * checks change. The work runs in a separate low-priority process (checkProcess.ts), which also reads
 * and decrypts the cached file (photos/photoCipher.ts, integrity checked): this thread only names the
 * file and writes one row per photo, so a background run hardly allocates here (the UI thread's
 * garbage collections were its longest pauses).
 */
import {
  CHECKS_VERSION,
  type PhotoCheckStatus,
  type PhotoChecksAnswer,
  type PhotoChecksReport,
} from '../../../../shared/schemas/photoChecks';
import { type SyncStatus } from '../../../../shared/ipc/contract';
import { createLogger } from '../log/logger';
import { getPhotoRow, isSha256Hex, photoPath, removePhoto } from '../photos/photoStore';
import { type AppDatabase } from '../store/openDatabase';
import {
  countUncheckedPhotos,
  deleteOrphanPhotoChecks,
  getPhotoChecks,
  listUncheckedPhotos,
  photoChecksWrite,
} from '../store/photoChecksRepo';
import { type LaunchPhotoCheckProcess } from './checkProcess';
import { createPhotoCheckWorker, type PhotoCheckWorker } from './photoCheckWorkerClient';

const log = createLogger('photoChecks.service');

/**
 * Background photos in flight at once. One: with a second one read ahead the worker never paused, and
 * on 2 cores the UI thread's longest stall over 2,000 photos was 26–34 ms; one at a time with the rest
 * below measured 18 ms at 11.8 photos/s (the floor with nothing running: 4–8 ms).
 */
const IN_FLIGHT = 1;
/** Photos listed per store query (keyset paging: each query reads about this many rows). */
const BATCH = 100;
/**
 * Background results are stored by groups of ten, one transaction each, on the store's background
 * connection (store/backgroundConnection.ts): written on the thread answering the UI, a commit now
 * and then waited 15–140 ms for the disk. Staff's on-demand checks are sent at once.
 */
const SAVE_GROUP = 10;
const SAVE_DELAY_MS = 500;
/**
 * Background checks rest this fraction of each check's duration before the next one. On a 2-core
 * desktop a check process busy without a break, plus the decode threads sharp borrows from its
 * libuv pool, leaves the thread answering the UI waiting for a core now and then; resting keeps a
 * core free most of the time. Checks still run about twice as fast as the 6 photos/s needed.
 */
const BACKGROUND_REST_RATIO = 0.5;

export interface PhotoCheckServiceOptions {
  db: AppDatabase;
  photosDir: string;
  worker?: PhotoCheckWorker;
  /** How the checks' process is started when no worker is given (the Electron shell's utilityProcess). */
  launch?: LaunchPhotoCheckProcess;
}

export interface PhotoCheckService {
  checkRequest(requestId: string): Promise<PhotoChecksAnswer>;
  /** Checks every cached photo lacking a current result, in the background (single-flight). */
  schedule(): void;
  /**
   * Schedules the background checks now and after each completed sync. The engine has no hook, so
   * its status is watched (a new `lastSyncAt` while idle), as the retention purge does.
   */
  followSync(status: () => SyncStatus, everyMs?: number): void;
  /** Resolves when the background queue is empty (tests, benches). */
  idle(): Promise<void>;
  status(): PhotoCheckStatus;
  close(): Promise<void>;
}

/** An earlier request of the same card holder (same card number) with a cached photo, if any. */
function previousPhotoOf(db: AppDatabase, requestId: string): string | null {
  const row = db.sqlite
    .prepare(
      `SELECT prev.id AS id FROM requests cur
       JOIN requests prev ON prev.card_number = cur.card_number AND prev.id <> cur.id
       JOIN photos p ON p.sha256 = prev.photo_sha256
       WHERE cur.id = ? AND cur.is_returning = 1 AND cur.card_number IS NOT NULL AND prev.submitted_at < cur.submitted_at
       ORDER BY prev.submitted_at DESC LIMIT 1`,
    )
    .get(requestId) as { id: string } | undefined;
  return row?.id ?? null;
}

export function createPhotoCheckService(options: PhotoCheckServiceOptions): PhotoCheckService {
  const { db, photosDir } = options;
  const worker = options.worker ?? createPhotoCheckWorker(options.launch ? { launch: options.launch } : {});
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  let checkedSinceStart = 0;
  let faceModelAvailable: boolean | null = null;
  let syncWatch: ReturnType<typeof setInterval> | null = null;
  /** Photos being checked now, so an on-demand request joins the running check instead of duplicating it. */
  const inProgress = new Map<string, Promise<PhotoChecksReport | null>>();

  /** Results not yet sent to the store, then sent and not yet acknowledged: both answer lookups. */
  const unsaved: PhotoChecksReport[] = [];
  const saving = new Set<PhotoChecksReport>();
  let saved: Promise<void> = Promise.resolve();
  let saveTimer: ReturnType<typeof setTimeout> | null = null;

  function notYetStored(sha256: string): PhotoChecksReport | undefined {
    return unsaved.find((r) => r.sha256 === sha256) ?? [...saving].find((r) => r.sha256 === sha256);
  }

  /** Sends the results kept so far to the store's background connection; resolves once all are written. */
  function flush(): Promise<void> {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    if (unsaved.length === 0) return saved;
    const group = unsaved.splice(0);
    for (const report of group) saving.add(report);
    const written = db
      .writeInBackground(group.map(photoChecksWrite))
      .catch((error: unknown) => {
        // Nothing lost that matters: these photos are listed as unchecked again and computed later.
        log.warn('photo check results not saved', {
          count: group.length,
          errorClass: error instanceof Error ? error.name : typeof error,
        });
      })
      .finally(() => {
        for (const report of group) saving.delete(report);
      });
    saved = Promise.all([saved, written]).then(() => undefined);
    return saved;
  }

  function keep(report: PhotoChecksReport, at: 'now' | 'grouped'): void {
    unsaved.push(report);
    if (at === 'now' || unsaved.length >= SAVE_GROUP) void flush();
    else saveTimer ??= setTimeout(() => void flush(), SAVE_DELAY_MS);
  }

  async function checkOne(sha256: string, at: 'now' | 'grouped' = 'now'): Promise<PhotoChecksReport | null> {
    const waiting = notYetStored(sha256);
    if (waiting) return waiting;
    const existing = inProgress.get(sha256);
    if (existing) return existing;
    const work = (async () => {
      if (!isSha256Hex(sha256) || getPhotoRow(db, sha256) === null) return null;
      const answer = await worker.checkFile(sha256, photoPath(db, photosDir, sha256), db.photoKeys.encryption);
      if ('unreadable' in answer) {
        if (answer.unreadable === 'corrupt') {
          // As photoStore's own reads do: never shown, fetched again by the next prefetch.
          log.warn('cached photo failed its hash check, discarded', { sha256 });
          removePhoto(db, photosDir, sha256);
        }
        return null;
      }
      const { report } = answer;
      if (report.faceStage === 'unavailable') faceModelAvailable = false;
      else if (report.faceStage === 'done') faceModelAvailable = true;
      // A result without its face stage is shown but not kept: the next start tries the model again.
      if (!closed && report.faceStage !== 'unavailable') keep(report, at);
      checkedSinceStart += 1;
      return report;
    })();
    inProgress.set(sha256, work);
    try {
      return await work;
    } finally {
      inProgress.delete(sha256);
    }
  }

  function rest(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 1_000)));
  }

  async function drain(): Promise<void> {
    deleteOrphanPhotoChecks(db);
    // One pass in hash order; a photo that could not be checked is left for the next sync.
    let after = '';
    for (;;) {
      if (closed) return;
      const batch = listUncheckedPhotos(db, CHECKS_VERSION, after, BATCH);
      if (batch.length === 0) return;
      after = batch[batch.length - 1]!;
      let index = 0;
      const lane = async (): Promise<void> => {
        while (index < batch.length && !closed) {
          const sha256 = batch[index++]!;
          const started = performance.now();
          try {
            await checkOne(sha256, 'grouped');
            await rest((performance.now() - started) * BACKGROUND_REST_RATIO);
          } catch (error) {
            if (!closed) {
              log.warn('photo check failed, left for the next sync', {
                sha256,
                errorClass: error instanceof Error ? error.name : typeof error,
              });
            }
          }
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    }
  }

  async function drainAndFlush(): Promise<void> {
    try {
      await drain();
    } finally {
      if (!closed) await flush();
    }
  }

  function schedule(): void {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await drainAndFlush();
      } while (again && !closed);
    })()
      .catch((error: unknown) => {
        log.error('background photo checks stopped', {
          errorClass: error instanceof Error ? error.name : typeof error,
        });
      })
      .finally(() => {
        running = null;
      });
  }

  return {
    async checkRequest(requestId) {
      const row = db.sqlite.prepare('SELECT photo_sha256 AS sha256 FROM requests WHERE id = ?').get(requestId) as
        { sha256: string | null } | undefined;
      const sha256 = row?.sha256 ?? null;
      const previousPhotoRequestId = previousPhotoOf(db, requestId);
      const answer = (state: PhotoChecksAnswer['state'], report: PhotoChecksReport | null): PhotoChecksAnswer => ({
        requestId,
        state,
        report,
        previousPhotoRequestId,
      });
      if (sha256 === null) return answer('noPhoto', null);
      const stored = getPhotoChecks(db, sha256, CHECKS_VERSION) ?? notYetStored(sha256);
      if (stored) return answer('ready', stored);
      try {
        const report = await checkOne(sha256);
        return report === null ? answer('noPhoto', null) : answer('ready', report);
      } catch (error) {
        log.warn('photo check unavailable', {
          requestId,
          errorClass: error instanceof Error ? error.name : typeof error,
        });
        return answer('unavailable', null);
      }
    },
    schedule,
    followSync(status, everyMs = 2_000) {
      let seen: string | null = null;
      schedule();
      syncWatch = setInterval(() => {
        const current = status();
        if (current.phase !== 'idle' || current.lastSyncAt === null || current.lastSyncAt === seen) return;
        seen = current.lastSyncAt;
        schedule();
      }, everyMs);
      syncWatch.unref();
    },
    async idle() {
      while (running) await running;
    },
    status() {
      return {
        checksVersion: CHECKS_VERSION,
        pending: countUncheckedPhotos(db, CHECKS_VERSION),
        checkedSinceStart,
        running: running !== null,
        faceModelAvailable,
      };
    },
    async close() {
      closed = true;
      if (syncWatch) clearInterval(syncWatch);
      await worker.close();
      await running?.catch(() => undefined);
      // Results already computed are kept (the store is still open: the services close it after).
      await flush();
    },
  };
}
