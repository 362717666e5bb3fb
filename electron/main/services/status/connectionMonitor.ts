/**
 * The connection part of the status: checks `/me` at start, every 3 minutes and on demand, and turns
 * the outcome into a connection state and a French message. The app's `SyncStatus` is owned by the
 * sync engine, which uses `classifyConnectionError` from here; this monitor remains for a bare check. It talks to whatever Region connection
 * the composition root currently provides, so a settings change (demo ↔ live) only needs `reset`.
 */
import { type SyncStatus } from '../../../../shared/ipc/contract';
import { createLogger } from '../log/logger';
import { fetchMe } from '../region/fetchMe';
import { type RegionClient } from '../region/regionClient';
import { RegionApiError, RegionUnreachableError } from '../region/regionErrors';
import { type AppDatabase } from '../store/openDatabase';
import { readOutboxCounters } from './outboxCounters';
import { clockSkewMessage, STATUS_MESSAGES } from './statusMessages';

const log = createLogger('status.connection');

export const CHECK_INTERVAL_MS = 3 * 60_000;

/** `null`: live mode without credentials, nothing to call. */
export type RegionTarget = () => RegionClient | null;

export interface ConnectionMonitor {
  status(): SyncStatus;
  check(): Promise<SyncStatus>;
  /** First check now, then every `intervalMs`. */
  start(): void;
  stop(): void;
  /** The target changed (settings, demo ↔ live): forget what was known about the old one. */
  reset(): void;
}

export interface ConnectionMonitorOptions {
  db: AppDatabase;
  target: RegionTarget;
  /** Why there is no target although one is expected (e.g. the demo simulator failed to start). */
  targetFailure?: () => string | null;
  intervalMs?: number;
  now?: () => number;
}

export type ConnectionPart = Pick<SyncStatus, 'connection' | 'message' | 'clockSkewMs' | 'lastContactAt'>;

/** The sync phase a connection state implies when nothing is running. */
export function phaseOfConnection(connection: SyncStatus['connection']): SyncStatus['phase'] {
  if (connection === 'offline') return 'offline';
  if (connection === 'needs-credentials') return 'needs-credentials';
  if (connection === 'unconfigured') return 'unconfigured';
  return 'idle';
}

/** A failed Region call as the status line shows it (shared with the sync engine). */
export function classifyConnectionError(error: unknown): Pick<SyncStatus, 'connection' | 'message'> {
  if (error instanceof RegionApiError) {
    log.warn('Region call refused', { status: error.status, problem: error.problemType });
    if (error.status === 401) return { connection: 'needs-credentials', message: STATUS_MESSAGES.badCredentials };
    if (error.status === 403) return { connection: 'needs-credentials', message: STATUS_MESSAGES.forbidden };
    if (error.status >= 500 || error.status === 429) return { connection: 'offline', message: STATUS_MESSAGES.offline };
    return { connection: 'offline', message: STATUS_MESSAGES.unexpected };
  }
  if (error instanceof RegionUnreachableError) {
    log.warn('Region unreachable', { reason: error.reason });
    return { connection: 'offline', message: STATUS_MESSAGES.offline };
  }
  log.error('Region call failed', { errorClass: error instanceof Error ? error.name : typeof error });
  return { connection: 'offline', message: STATUS_MESSAGES.unexpected };
}

export function createConnectionMonitor(options: ConnectionMonitorOptions): ConnectionMonitor {
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? CHECK_INTERVAL_MS;
  let connection: ConnectionPart = {
    connection: 'unknown',
    message: STATUS_MESSAGES.unknown,
    clockSkewMs: null,
    lastContactAt: null,
  };
  let generation = 0;
  let inFlight: Promise<SyncStatus> | null = null;
  let timer: NodeJS.Timeout | null = null;

  function status(): SyncStatus {
    const counters = readOutboxCounters(options.db);
    return {
      ...connection,
      phase: phaseOfConnection(connection.connection),
      progress: null,
      lastSyncAt: counters.lastSyncAt,
      lastPushAt: null,
      oldestPendingAt: counters.oldestPendingAt,
      quarantined: counters.quarantined,
      nextAttemptAt: null,
      pending: counters.pending,
      conflicts: counters.conflicts,
      errors: counters.errors,
    };
  }

  async function runCheck(): Promise<SyncStatus> {
    const startedGeneration = generation;
    const client = options.target();
    const failure = client ? null : (options.targetFailure?.() ?? null);
    let next: ConnectionPart;
    if (failure) {
      next = { connection: 'offline', message: failure, clockSkewMs: null, lastContactAt: null };
    } else if (!client) {
      next = {
        connection: 'unconfigured',
        message: STATUS_MESSAGES.unconfigured,
        clockSkewMs: null,
        lastContactAt: null,
      };
    } else {
      next = await checkOnce(client);
    }
    // A settings change during the call makes this answer about a connection that no longer exists.
    if (startedGeneration === generation) {
      if (next.connection !== connection.connection) {
        log.info('connection state changed', { from: connection.connection, to: next.connection });
      }
      connection = next;
    }
    return status();
  }

  async function checkOnce(client: RegionClient): Promise<ConnectionPart> {
    try {
      const result = await fetchMe(client, options.db, now);
      return {
        connection: 'online',
        message: clockSkewMessage(result.clockSkewMs),
        clockSkewMs: result.clockSkewMs,
        lastContactAt: result.receivedAt,
      };
    } catch (error) {
      return { ...connection, ...classifyConnectionError(error) };
    }
  }

  function check(): Promise<SyncStatus> {
    if (inFlight) return inFlight;
    const running = runCheck().finally(() => {
      if (inFlight === running) inFlight = null;
    });
    inFlight = running;
    return running;
  }

  return {
    status,
    check,
    start() {
      if (timer) return;
      void check();
      timer = setInterval(() => void check(), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    reset() {
      generation += 1;
      inFlight = null;
      connection = { connection: 'unknown', message: STATUS_MESSAGES.unknown, clockSkewMs: null, lastContactAt: null };
    },
  };
}
