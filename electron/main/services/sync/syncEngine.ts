/**
 * The offline-first sync engine: pulls the Region's reference data and delta feeds into the local
 * store, pushes the outbox of decisions, keeps conflicts visible, schedules itself (interval,
 * backoff, outbox retry timer) and owns the app's live `SyncStatus`.
 *
 * Cycles are single-flight: a trigger arriving during a cycle schedules exactly one follow-up.
 * `pullOnce`/`pushOnce` share the same lock, so nothing ever runs two Region conversations at once.
 * Every time kept by the engine is on the LOCAL clock (`now`), except `decidedAt`, which is sent in
 * server time (local + skew measured on `/me`): a workstation whose clock is a day off still works.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { type CsvExport, type SyncStatus } from '../../../../shared/ipc/contract';
import { Me, type Me as MeT, type StaffMember } from '../../../../shared/region-api/schemas';
import {
  type ConflictResolution,
  type DecisionDraft,
  type DecisionProblem,
  type DecisionView,
} from '../../../../shared/schemas/domain';
import { type z } from 'zod';
import { createLogger } from '../log/logger';
import { prefetchPhotos } from '../photos/prefetchPhotos';
import { fetchMe, ME_REFERENCE_KEY } from '../region/fetchMe';
import { type RegionClient } from '../region/regionClient';
import { RegionApiError, RegionUnreachableError } from '../region/regionErrors';
import { classifyConnectionError, type ConnectionPart } from '../status/connectionMonitor';
import { readOutboxCounters } from '../status/outboxCounters';
import { clockSkewMessage, STATUS_MESSAGES } from '../status/statusMessages';
import { bulkLoadPending, finishBulkLoads } from '../store/bulkLoad';
import { type AppDatabase } from '../store/openDatabase';
import { earliestNextAttempt } from '../store/outboxRepo';
import { getReference } from '../store/referenceRepo';
import { lastFeedSyncAt } from '../store/syncCursorsRepo';
import { backoffDelayMs, DEFAULT_BACKOFF, isRetryable, retryAfterOf, type BackoffPolicy } from './backoff';
import {
  listDecisions,
  listProblems,
  recordDecision,
  resolveDecision,
  undoDecision,
  type LedgerContext,
} from './decisionLedger';
import { type FeedName } from '../store/syncCursorsRepo';
import { pullFeed } from './feedPuller';
import { exportPendingCsv } from './pendingCsv';
import { releasePhotos } from './photoCleanup';
import { PushAuthError, pushDue, type PushReport } from './pushOutbox';
import { syncEstablishments, syncReasons } from './referenceSync';
import { resolvePendingLookups } from '../revalidation/cardLookups';
import { pushRevalidations } from '../revalidation/pushRevalidations';

export type { PushReport } from './pushOutbox';

const log = createLogger('sync.engine');

export const DEFAULT_INTERVAL_MS = 3 * 60_000;
/**
 * Feed page size. Each page is applied with its cursor in one transaction on the thread that
 * answers the UI, so the page size bounds the longest stall: measured on a 20k pull, 500-item
 * pages stalled 45–80 ms, 200-item pages 41–50 ms, 100-item pages under 30 ms. The next page is
 * fetched while one is applied, so smaller pages cost little time (20k requests + cards: ~3 s,
 * 275 calls, far under the Region's 1,200 calls a minute).
 */
export const DEFAULT_PAGE_LIMIT = 100;
export const DEFAULT_BATCH_SIZE = 100;
/** `/me` is fetched at start and then at least daily. */
export const ME_REFRESH_MS = 24 * 3_600_000;
/**
 * A decision is pushed this long after it is recorded: staff can still undo it in that window
 * (undo is possible until the decision is sent), and decisions taken in quick succession go in
 * one batch. Longer would delay the Region for nothing; shorter makes undo a race.
 */
export const AFTER_DECISION_DELAY_MS = 8_000;

export interface SyncEngineOptions {
  db: AppDatabase;
  target: () => RegionClient | null;
  targetFailure?: () => string | null;
  photosDir: string;
  currentStaff: () => StaffMember;
  now?: () => number;
  random?: () => number;
  intervalMs?: number;
  pageLimit?: number;
  batchSize?: number;
  prefetchPhotos?: boolean;
  /** Retry policy; tests shrink the cap. Default: 1 s base, 5 min cap (README §8). */
  backoff?: BackoffPolicy;
}

export type SyncTrigger = 'start' | 'interval' | 'online' | 'wake' | 'manual' | 'after-decision' | 'retry';

export interface PullReport {
  requests: { applied: number; pages: number; tombstones: number; quarantined: number };
  cards: { applied: number; pages: number; quarantined: number };
  fullResync: boolean;
  httpCalls: number;
  /** The engine is stopping: the feeds ended before their last page. */
  interrupted?: boolean;
}

type CsvExportT = z.infer<typeof CsvExport>;

export interface SyncEngine {
  start(): void;
  stop(): Promise<void>;
  syncNow(trigger: SyncTrigger): Promise<SyncStatus>;
  status(): SyncStatus;
  pullOnce(): Promise<PullReport>;
  pushOnce(): Promise<PushReport>;
  recordDecision(draft: DecisionDraft): DecisionView;
  undoDecision(decisionId: string): DecisionView;
  listDecisions(): DecisionView[];
  listProblems(): DecisionProblem[];
  resolve(resolution: ConflictResolution): DecisionView;
  exportPendingCsv(): CsvExportT;
  /** `/me` only (the `sync:checkConnection` channel); back online after an outage triggers a sync. */
  checkConnection(): Promise<SyncStatus>;
  /** Clock, skew and staff that revalidations are recorded with (the same as decisions'). */
  ledgerContext(): LedgerContext;
  /** Something was queued outside the decision ledger (revalidations): push it after the usual delay. */
  afterLocalChange(): void;
}

type Outcome = 'idle' | 'offline' | 'error' | 'needs-credentials' | 'unconfigured';

class NoTargetError extends Error {
  override readonly name = 'NoTargetError';
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const pageLimit = Math.max(1, Math.min(500, options.pageLimit ?? DEFAULT_PAGE_LIMIT));
  const batchSize = Math.max(1, Math.min(100, options.batchSize ?? DEFAULT_BATCH_SIZE));
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const iso = (ms: number = now()) => new Date(ms).toISOString();

  let connection: ConnectionPart = {
    connection: 'unknown',
    message: STATUS_MESSAGES.unknown,
    clockSkewMs: null,
    lastContactAt: null,
  };
  let outcome: Outcome = 'idle';
  let outcomeMessage: string | null = null;
  let progress: SyncStatus['progress'] = null;
  let cycleRunning = false;
  let lastSyncAt: string | null = lastFeedSyncAt(db);
  let lastPushAt: string | null = null;
  let lastPullOkAt: number | null = null;
  let meFetchedAt: number | null = null;
  let consecutiveFailures = 0;
  let started = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let timerAt: number | null = null;
  let decisionTimer: NodeJS.Timeout | null = null;
  let lock: Promise<unknown> = Promise.resolve();
  let current: Promise<SyncStatus> | null = null;
  let queued: Promise<SyncStatus> | null = null;
  const abort = new AbortController();

  const ledger: LedgerContext = {
    db,
    now,
    clockSkewMs: () => connection.clockSkewMs,
    currentStaff: options.currentStaff,
  };

  /** Serialises every Region conversation of this engine. */
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = lock.then(work, work);
    lock = run.catch(() => undefined);
    return run;
  }

  function requireClient(): RegionClient {
    const client = options.target();
    if (!client) throw new NoTargetError('no Region target');
    return client;
  }

  function contact(): void {
    connection = { ...connection, connection: 'online', lastContactAt: iso() };
  }

  function status(): SyncStatus {
    const counters = readOutboxCounters(db);
    const phase: SyncStatus['phase'] = cycleRunning ? 'syncing' : outcome;
    let message: string | null;
    if (outcome === 'idle' || cycleRunning) {
      message = connection.clockSkewMs !== null ? clockSkewMessage(connection.clockSkewMs) : null;
    } else {
      message = outcomeMessage;
    }
    return {
      connection: connection.connection,
      phase,
      progress,
      lastContactAt: connection.lastContactAt,
      lastSyncAt,
      lastPushAt,
      oldestPendingAt: counters.oldestPendingAt,
      quarantined: counters.quarantined,
      nextAttemptAt: timerAt !== null ? iso(timerAt) : null,
      clockSkewMs: connection.clockSkewMs,
      pending: counters.pending,
      conflicts: counters.conflicts,
      errors: counters.errors,
      message,
    };
  }

  async function refreshMe(client: RegionClient, force: boolean): Promise<MeT | null> {
    if (!force && meFetchedAt !== null && now() - meFetchedAt < ME_REFRESH_MS) {
      return getReference(db, ME_REFERENCE_KEY, Me)?.value ?? null;
    }
    const result = await fetchMe(client, db, now);
    meFetchedAt = now();
    connection = {
      connection: 'online',
      message: clockSkewMessage(result.clockSkewMs),
      clockSkewMs: result.clockSkewMs,
      lastContactAt: result.receivedAt,
    };
    if (Math.abs(result.clockSkewMs) > 2 * 60_000) {
      log.warn('workstation clock differs from the Region', { skewS: Math.round(result.clockSkewMs / 1000) });
    }
    return result.me;
  }

  async function pullWith(client: RegionClient): Promise<PullReport> {
    const report: PullReport = {
      requests: { applied: 0, pages: 0, tombstones: 0, quarantined: 0 },
      cards: { applied: 0, pages: 0, quarantined: 0 },
      fullResync: false,
      httpCalls: 0,
    };
    progress = { step: 'reference', done: 0, total: null };
    const fresh = meFetchedAt === null || now() - meFetchedAt >= ME_REFRESH_MS;
    const me = await refreshMe(client, false);
    if (fresh) report.httpCalls += 1;
    report.httpCalls += await syncReasons(client, db, iso());
    report.httpCalls += await syncEstablishments(client, db, now(), pageLimit);
    contact();
    if (me === null || me.clientId !== client.clientId) {
      // A cached profile of another client (demo ↔ live) must not drive the feeds.
      const refreshed = await refreshMe(client, true);
      report.httpCalls += 1;
      if (refreshed === null) return report;
    }
    const uais = (getReference(db, ME_REFERENCE_KEY, Me)?.value.establishments ?? []).map((e) => e.uai);
    const released: string[] = [];
    try {
      await pullFeeds(client, uais, report, released);
    } finally {
      // Whether the feeds ended, stopped or failed, a first sync's rows get their indexes and search
      // entries now, so the workstation works fully on what it has (the resync itself resumes later).
      await finishBulkLoadsSafely();
    }
    if (report.interrupted) return report;
    if (released.length > 0) releasePhotos(db, options.photosDir, released);
    lastSyncAt = iso();
    lastPullOkAt = now();
    if (options.prefetchPhotos !== false) await prefetch(client);
    return report;
  }

  async function finishBulkLoadsSafely(): Promise<void> {
    if (!bulkLoadPending(db)) return;
    try {
      const { indexes } = await finishBulkLoads(db, () => yieldToEventLoop());
      log.info('bulk load finished', { indexes });
    } catch (error) {
      // Left as is: the next call (next pull, next start) finishes it; queries stay correct meanwhile.
      log.error('bulk load could not be finished', {
        errorClass: error instanceof Error ? error.name : typeof error,
      });
    }
  }

  /**
   * The two feeds are independent (own cursors, tables and transactions), so they are pulled side by
   * side, each over its own connection: while one feed's page is written, the other's is being
   * served and transferred. One at a time, the thread still waited on the page chain (response, next
   * cursor, next request) 3-5 % of a first sync; side by side it is busy 97-99 % of it, and the 20k
   * pull took 6 % less (bench/groups/sync.ts). Each feed still walks its UAIs in turn, and a feed
   * that fails does not stop the other; the first failure is reported once both are done.
   */
  async function pullFeeds(
    client: RegionClient,
    uais: readonly string[],
    report: PullReport,
    released: string[],
  ): Promise<void> {
    const pages: Record<FeedName, number> = { requests: 0, cards: 0 };
    const running = new Set<FeedName>();
    // The bar shows the requests feed while it runs (the one staff wait for), then the cards'.
    const showProgress = (): void => {
      const step: FeedName = running.has('requests') || !running.has('cards') ? 'requests' : 'cards';
      progress = { step, done: pages[step], total: null };
    };
    const pullChain = async (feed: FeedName): Promise<void> => {
      running.add(feed);
      try {
        for (const uai of uais) {
          const result = await pullFeed({
            db,
            client,
            feed,
            uai,
            pageLimit,
            now,
            stopping: () => stopped,
            onPage: () => {
              pages[feed] += 1;
              showProgress();
            },
          });
          report.httpCalls += result.httpCalls;
          report.fullResync ||= result.fullResync;
          released.push(...result.releasedShas);
          if (feed === 'requests') {
            report.requests.applied += result.applied;
            report.requests.pages += result.pages;
            report.requests.tombstones += result.tombstones;
            report.requests.quarantined += result.quarantined;
          } else {
            report.cards.applied += result.applied;
            report.cards.pages += result.pages;
            report.cards.quarantined += result.quarantined;
          }
          contact();
          if (result.interrupted) {
            report.interrupted = true;
            return;
          }
        }
      } finally {
        running.delete(feed);
        if (running.size > 0) showProgress();
      }
    };
    const outcomes = await Promise.allSettled([pullChain('requests'), pullChain('cards')]);
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
  }

  /** Guarded: a photo failure never fails the pull (staff still decide, the photo comes later). */
  async function prefetch(client: RegionClient): Promise<void> {
    progress = { step: 'photos', done: 0, total: null };
    try {
      const result = await prefetchPhotos({
        db,
        client,
        photosDir: options.photosDir,
        signal: abort.signal,
        onProgress: (done, total) => {
          progress = { step: 'photos', done, total };
        },
      });
      if (result.failed > 0) log.warn('some photos could not be fetched', { failed: result.failed });
    } catch (error) {
      log.warn('photo prefetch failed', { errorClass: error instanceof Error ? error.name : typeof error });
    }
  }

  async function pushWith(client: RegionClient): Promise<PushReport> {
    if (connection.clockSkewMs === null) await refreshMe(client, true);
    progress = { step: 'push', done: 0, total: null };
    const report = await pushDue({
      db,
      client,
      now,
      clockSkewMs: () => connection.clockSkewMs,
      random,
      batchSize,
      backoff,
      onProgress: (done, total) => {
        progress = { step: 'push', done, total };
      },
      onReleasedPhotos: (shas) => releasePhotos(db, options.photosDir, shas),
    });
    // Returning students: look-ups recorded offline first (they may queue revalidations), then the
    // revalidations, through the same outbox rules as decisions.
    const lookups = await resolvePendingLookups(ledger, client);
    report.httpCalls += lookups.httpCalls;
    const revalidations = await pushRevalidations({
      db,
      client,
      now,
      clockSkewMs: () => connection.clockSkewMs,
      random,
      backoff,
      onProgress: (done, total) => {
        progress = { step: 'push', done, total };
      },
    });
    report.sent += revalidations.sent;
    report.acked += revalidations.acked;
    report.conflicts += revalidations.conflicts;
    report.errors += revalidations.errors;
    report.retryLater += revalidations.retryLater;
    report.httpCalls += revalidations.httpCalls;
    if (report.httpCalls > 0 && report.retryLater < report.sent) contact();
    if (report.retryLater === 0) lastPushAt = iso();
    if (report.sent > 0) {
      log.info('push round done', {
        sent: report.sent,
        acked: report.acked,
        conflicts: report.conflicts,
        errors: report.errors,
        retryLater: report.retryLater,
      });
    }
    return report;
  }

  function recordFailure(error: unknown): void {
    const cause = error instanceof PushAuthError ? error.refusal : error;
    if (cause instanceof NoTargetError) {
      const failure = options.targetFailure?.() ?? null;
      outcome = failure ? 'offline' : 'unconfigured';
      outcomeMessage = failure ?? STATUS_MESSAGES.unconfigured;
      connection = {
        connection: failure ? 'offline' : 'unconfigured',
        message: outcomeMessage,
        clockSkewMs: null,
        lastContactAt: null,
      };
      return;
    }
    const classified = classifyConnectionError(cause);
    connection = { ...connection, ...classified };
    outcomeMessage = classified.message;
    if (cause instanceof RegionApiError && (cause.status === 401 || cause.status === 403)) {
      outcome = 'needs-credentials';
    } else if (isRetryable(cause) || cause instanceof RegionUnreachableError) {
      outcome = 'offline';
    } else {
      outcome = 'error';
    }
    consecutiveFailures += 1;
    log.warn('sync cycle failed', {
      outcome,
      failures: consecutiveFailures,
      status: cause instanceof RegionApiError ? cause.status : 0,
    });
  }

  async function runCycle(trigger: SyncTrigger): Promise<SyncStatus> {
    if (stopped) return status();
    cycleRunning = true;
    const wasOffline = outcome === 'offline';
    let retryAfterS: number | null = null;
    try {
      const client = requireClient();
      const recentPull = lastPullOkAt !== null && now() - lastPullOkAt < intervalMs;
      const pushOnly = (trigger === 'retry' || trigger === 'after-decision') && recentPull && outcome === 'idle';
      if (!pushOnly) await pullWith(client);
      const pushed = await pushWith(client);
      // Right after pushing, the feeds carry our own changes (README §3: poll right after pushing).
      if (pushed.acked + pushed.conflicts > 0 && !stopped) await pullWith(client);
      outcome = 'idle';
      outcomeMessage = null;
      consecutiveFailures = 0;
      if (wasOffline) log.info('back online', { trigger });
    } catch (error) {
      retryAfterS = retryAfterOf(error);
      recordFailure(error);
    } finally {
      cycleRunning = false;
      progress = null;
    }
    schedule(retryAfterS);
    return status();
  }

  /** The next automatic cycle: backoff after a failure, the outbox's earliest retry, or the interval. */
  function schedule(retryAfterS: number | null = null): void {
    if (timer) clearTimeout(timer);
    timer = null;
    timerAt = null;
    if (!started || stopped) return;
    const nowMs = now();
    let at = nowMs + intervalMs;
    let trigger: SyncTrigger = 'interval';
    if ((outcome === 'offline' || outcome === 'error') && consecutiveFailures > 0) {
      at = nowMs + backoffDelayMs(consecutiveFailures, random, retryAfterS, backoff);
      trigger = 'retry';
    }
    const due = earliestNextAttempt(db);
    if (due !== null && outcome !== 'needs-credentials') {
      const dueMs = Math.max(Date.parse(due), nowMs);
      if (dueMs < at) {
        at = dueMs;
        trigger = 'retry';
      }
    }
    timerAt = at;
    timer = setTimeout(
      () => {
        timer = null;
        timerAt = null;
        void syncNow(trigger);
      },
      Math.max(0, at - nowMs),
    );
    timer.unref();
  }

  async function withProgressCleared<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      progress = null;
    }
  }

  function syncNow(trigger: SyncTrigger): Promise<SyncStatus> {
    if (stopped) return Promise.resolve(status());
    if (!current) {
      const run = exclusive(() => runCycle(trigger)).finally(() => {
        if (current === run) current = null;
      });
      current = run;
      return run;
    }
    queued ??= current
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return syncNow(trigger);
      });
    return queued;
  }

  function afterLocalChange(): void {
    if (!started || stopped) return;
    if (decisionTimer) clearTimeout(decisionTimer);
    decisionTimer = setTimeout(() => {
      decisionTimer = null;
      void syncNow('after-decision');
    }, AFTER_DECISION_DELAY_MS);
    decisionTimer.unref();
  }

  async function checkConnection(): Promise<SyncStatus> {
    const client = options.target();
    if (!client) {
      recordFailure(new NoTargetError('no Region target'));
      return status();
    }
    const wasDown = connection.connection === 'offline' || outcome === 'offline';
    try {
      await refreshMe(client, true);
      if (outcome === 'offline' || outcome === 'unconfigured') {
        outcome = 'idle';
        outcomeMessage = null;
      }
      if (wasDown && started && !stopped) void syncNow('online');
    } catch (error) {
      recordFailure(error);
    }
    return status();
  }

  return {
    start() {
      if (started || stopped) return;
      started = true;
      // A first sync interrupted by a crash or a shutdown left its rows unindexed: finish that now,
      // even offline, before anything else talks to the Region.
      void exclusive(finishBulkLoadsSafely);
      void syncNow('start');
    },
    async stop() {
      stopped = true;
      abort.abort();
      if (timer) clearTimeout(timer);
      if (decisionTimer) clearTimeout(decisionTimer);
      timer = null;
      timerAt = null;
      decisionTimer = null;
      await lock.catch(() => undefined);
      await current?.catch(() => undefined);
    },
    syncNow,
    status,
    pullOnce: () => exclusive(() => withProgressCleared(() => pullWith(requireClient()))),
    pushOnce: () => exclusive(() => withProgressCleared(() => pushWith(requireClient()))),
    recordDecision(draft) {
      const view = recordDecision(ledger, draft);
      afterLocalChange();
      return view;
    },
    ledgerContext: () => ledger,
    afterLocalChange,
    undoDecision: (decisionId) => undoDecision(ledger, decisionId),
    listDecisions: () => listDecisions(db),
    listProblems: () => listProblems(db),
    resolve(resolution) {
      const view = resolveDecision(ledger, resolution);
      if (started && !stopped && view.state === 'PENDING') void syncNow('after-decision');
      return view;
    },
    exportPendingCsv: () => exportPendingCsv(db, now),
    checkConnection,
  };
}
