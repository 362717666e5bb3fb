/**
 * Sends every due decision (README §4): batches of ≤ 100 per UAI on
 * `POST /establishments/{uai}/prevalidations:batch`, one single-call fallback
 * (`POST /requests/{id}/prevalidation`) when the batch call itself is refused for a reason that is
 * not the items' fault. Every retry reuses the entry's Idempotency-Key and exact body. Each item's
 * answer is stored in its own short transaction; one bad entry never blocks the ones behind it.
 */
import { z } from 'zod';
import {
  BatchPrevalidationResponse,
  FieldError,
  RequestResult,
  RequestSnapshot,
  problemName,
  type BatchPrevalidationItem,
  type RequestSnapshot as RequestSnapshotT,
} from '../../../../shared/region-api/schemas';
import { createLogger } from '../log/logger';
import { type RegionClient } from '../region/regionClient';
import { RegionApiError, RegionProtocolError, RegionUnreachableError } from '../region/regionErrors';
import { type AppDatabase } from '../store/openDatabase';
import {
  dueOutboxEntries,
  getOutboxEntry,
  markOutboxSending,
  setOutboxOutcome,
  type OutboxRow,
} from '../store/outboxRepo';
import { isRetryable, isRetryableStatus, retryAfterOf, type BackoffPolicy } from './backoff';
import { bodyOf } from './decisionRecords';
import { DECISION_MESSAGES, validationMessage } from './decisionMessages';
import { withServerDecidedAt, scheduleRetry } from './outboxEntryTiming';
import { refreshLocalState, settleAgainstSnapshot, storeSnapshots } from './outboxReconcile';

const log = createLogger('sync.push');

export const MAX_BATCH_SIZE = 100;

export interface PushReport {
  sent: number;
  acked: number;
  conflicts: number;
  errors: number;
  retryLater: number;
  httpCalls: number;
}

export function emptyPushReport(): PushReport {
  return { sent: 0, acked: 0, conflicts: 0, errors: 0, retryLater: 0, httpCalls: 0 };
}

export interface PushOptions {
  db: AppDatabase;
  client: RegionClient;
  /** Local clock (ms). */
  now: () => number;
  /** Server time minus local time; null while unknown. */
  clockSkewMs: () => number | null;
  random: () => number;
  batchSize: number;
  backoff: BackoffPolicy;
  onProgress?: (done: number, total: number) => void;
  /** Hashes of photos that may be unused after a stored snapshot. */
  onReleasedPhotos?: (shas: string[]) => void;
}

/** A push stopped by the Region refusing the credentials or the scope: the caller reports it. */
export class PushAuthError extends Error {
  override readonly name = 'PushAuthError';
  constructor(readonly refusal: RegionApiError) {
    super(`push refused: ${refusal.status}`);
  }
}

interface ItemAnswer {
  status: number;
  body?: unknown;
  problem?: unknown;
  retryAfterS?: number | null;
}

const ProblemDetails = z.looseObject({
  type: z.string().optional(),
  current: z.unknown().optional(),
  errors: z.array(FieldError).optional(),
});

export async function pushDue(options: PushOptions): Promise<PushReport> {
  const { db } = options;
  const report = emptyPushReport();
  const nowIso = () => new Date(options.now()).toISOString();
  const due = dueOutboxEntries(db, nowIso());
  if (due.length === 0) return report;
  fixProvisionalDecidedAt(options, due);

  // One decision per request per round: a batch refuses duplicate requestIds as a whole.
  const seenRequests = new Set<string>();
  const byUai = new Map<string, OutboxRow[]>();
  for (const row of due) {
    if (seenRequests.has(row.target_id)) continue;
    seenRequests.add(row.target_id);
    const key = row.uai ?? '';
    const list = byUai.get(key) ?? [];
    list.push(row);
    byUai.set(key, list);
  }
  const total = seenRequests.size;
  let done = 0;
  const size = Math.max(1, Math.min(MAX_BATCH_SIZE, options.batchSize));
  const progress = (n: number) => {
    done += n;
    options.onProgress?.(done, total);
  };

  for (const [uai, rows] of byUai) {
    for (let start = 0; start < rows.length; start += size) {
      const chunk = rows.slice(start, start + size);
      const stop = await sendChunk(options, uai, chunk, report);
      progress(chunk.length);
      if (stop) return report;
    }
  }
  return report;
}

function fixProvisionalDecidedAt(options: PushOptions, rows: OutboxRow[]): void {
  const skew = options.clockSkewMs();
  if (skew === null) return;
  for (const [index, row] of rows.entries()) rows[index] = withServerDecidedAt(options, row, skew, bodyOf);
}

function batchItem(row: OutboxRow): BatchPrevalidationItem {
  return {
    requestId: row.target_id,
    idempotencyKey: row.idempotency_key,
    ifMatchVersion: row.if_match_version ?? 0,
    ...bodyOf(row),
  };
}

/** @returns true when the round must stop (no network, or credentials refused). */
async function sendChunk(options: PushOptions, uai: string, chunk: OutboxRow[], report: PushReport): Promise<boolean> {
  if (uai === '') return sendSingly(options, chunk, report);
  let remaining = chunk;
  // A batch refused because of identified items is resent without them, a bounded number of times.
  for (let round = 0; round < 3 && remaining.length > 0; round += 1) {
    markOutboxSending(
      options.db,
      remaining.map((r) => r.id),
      new Date(options.now()).toISOString(),
    );
    report.sent += remaining.length;
    report.httpCalls += 1;
    let results;
    try {
      results = (
        await options.client.call(
          {
            method: 'POST',
            path: `establishments/${uai}/prevalidations:batch`,
            json: { items: remaining.map(batchItem) },
          },
          BatchPrevalidationResponse,
        )
      ).body.results;
    } catch (error) {
      const handled = handleCallFailure(options, remaining, error, report);
      if (handled !== 'fallback' && handled !== 'items-refused') return handled === 'stop';
      if (handled === 'fallback') {
        log.warn('batch call refused; sending one by one', {
          uai,
          status: error instanceof RegionApiError ? error.status : 0,
          items: remaining.length,
        });
        return sendSingly(options, remaining, report, true);
      }
      remaining = remaining.filter((row) => getOutboxEntry(options.db, row.id)?.state === 'SENDING');
      continue;
    }
    // The batch's answers in one transaction (each item's own is a savepoint inside): one commit per
    // call instead of one per decision, which on the encrypted store cost ~1 ms each. A crash before
    // the commit only means these are sent again with their keys, and the Region replays its answers.
    options.db.sqlite.transaction(() => {
      remaining.forEach((row, index) => {
        const result = results.find((r) => r.index === index && r.idempotencyKey === row.idempotency_key);
        if (!result) {
          retryLater(options, row, null, report);
          return;
        }
        applyAnswer(options, row, { status: result.status, body: result.body, problem: result.problem }, report);
      });
    })();
    return false;
  }
  for (const row of remaining) retryLater(options, row, null, report);
  return false;
}

async function sendSingly(
  options: PushOptions,
  rows: OutboxRow[],
  report: PushReport,
  alreadyMarked = false,
): Promise<boolean> {
  for (const row of rows) {
    if (!alreadyMarked) {
      markOutboxSending(options.db, [row.id], new Date(options.now()).toISOString());
      report.sent += 1;
    }
    report.httpCalls += 1;
    try {
      const response = await options.client.call(
        {
          method: 'POST',
          path: `requests/${row.target_id}/prevalidation`,
          headers: { 'idempotency-key': row.idempotency_key, 'if-match': `"${row.if_match_version ?? 0}"` },
          json: bodyOf(row),
        },
        RequestResult,
      );
      applyAnswer(options, row, { status: response.status, body: response.body }, report);
    } catch (error) {
      if (error instanceof RegionApiError && !isRetryable(error) && error.status !== 401 && error.status !== 403) {
        applyAnswer(
          options,
          row,
          { status: error.status, problem: error.problem, retryAfterS: error.retryAfterS },
          report,
        );
        continue;
      }
      const handled = handleCallFailure(options, [row], error, report);
      if (handled === 'stop') {
        // Entries not tried in this round stay as they were (PENDING, same attempts).
        return true;
      }
    }
  }
  return false;
}

/**
 * A call failed as a whole. Retryable failures leave every item PENDING with a backoff; credentials
 * refused stop the round; a batch refused for a reason that is not the items' (route missing,
 * envelope refused) falls back to single calls; a 422 naming items marks those items as ERROR.
 */
function handleCallFailure(
  options: PushOptions,
  rows: OutboxRow[],
  error: unknown,
  report: PushReport,
): 'stop' | 'continue' | 'fallback' | 'items-refused' {
  if (isRetryable(error) || error instanceof RegionProtocolError) {
    for (const row of rows) retryLater(options, row, retryAfterOf(error), report);
    const reason =
      error instanceof RegionApiError
        ? error.status
        : error instanceof RegionUnreachableError
          ? error.reason
          : 'protocol';
    log.warn('decisions call failed; retrying later', { reason, items: rows.length });
    return error instanceof RegionUnreachableError ? 'stop' : 'continue';
  }
  if (error instanceof RegionApiError && (error.status === 401 || error.status === 403)) {
    const nowIso = new Date(options.now()).toISOString();
    options.db.sqlite.transaction(() => {
      for (const row of rows) {
        setOutboxOutcome(options.db, row.id, { state: 'PENDING' }, nowIso);
        refreshLocalState(options.db, row.target_id);
      }
    })();
    throw new PushAuthError(error);
  }
  if (error instanceof RegionApiError && error.status === 422) {
    const problem = ProblemDetails.safeParse(error.problem);
    const byIndex = new Map<number, string[]>();
    for (const fieldError of problem.success ? (problem.data.errors ?? []) : []) {
      const match = /^\/items\/([0-9]+)(\/|$)/.exec(fieldError.pointer);
      if (!match) continue;
      const index = Number(match[1]);
      byIndex.set(index, [...(byIndex.get(index) ?? []), fieldError.code]);
    }
    if (byIndex.size > 0) {
      for (const [index, codes] of byIndex) {
        const row = rows[index];
        if (row) {
          applyAnswer(
            options,
            row,
            {
              status: 422,
              problem: { type: 'validation-error', errors: codes.map((code) => ({ pointer: '', code })) },
            },
            report,
          );
        }
      }
      // The others were not judged: back to PENDING, resent at once without the refused ones.
      return 'items-refused';
    }
  }
  if (error instanceof RegionApiError) return 'fallback';
  // Anything else (a bug): keep the items for a later try rather than lose them.
  for (const row of rows) retryLater(options, row, null, report);
  log.error('decisions call failed unexpectedly', { errorClass: error instanceof Error ? error.name : typeof error });
  return 'stop';
}

function retryLater(options: PushOptions, row: OutboxRow, retryAfterS: number | null, report: PushReport): void {
  options.db.sqlite.transaction(() => {
    scheduleRetry(options, row, retryAfterS, DECISION_MESSAGES.retrying);
    refreshLocalState(options.db, row.target_id);
  })();
  report.retryLater += 1;
}

function parseSnapshot(value: unknown): RequestSnapshotT | null {
  const parsed = RequestSnapshot.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function storeSnapshot(options: PushOptions, snapshot: RequestSnapshotT | null): void {
  if (snapshot === null) return;
  const stored =
    'prevalidation' in snapshot
      ? storeSnapshots(options.db, [snapshot], [])
      : storeSnapshots(options.db, [], [snapshot]);
  if (stored.releasedShas.length > 0) options.onReleasedPhotos?.(stored.releasedShas);
}

/** One item's answer, in one transaction: the outbox row, the request snapshot, the local state. */
function applyAnswer(options: PushOptions, row: OutboxRow, answer: ItemAnswer, report: PushReport): void {
  const { db } = options;
  const nowIso = new Date(options.now()).toISOString();
  const problem = ProblemDetails.safeParse(answer.problem ?? {});
  const details = problem.success ? problem.data : {};
  const type = details.type ? (problemName(details.type) ?? details.type) : null;
  const status = answer.status;

  if (isRetryableStatus(status) || (status === 409 && type === 'idempotency-key-in-use')) {
    const message = type === 'idempotency-key-in-use' ? DECISION_MESSAGES.keyInUse : DECISION_MESSAGES.retrying;
    retryLater(options, row, answer.retryAfterS ?? null, report);
    if (type === 'idempotency-key-in-use') {
      db.sqlite
        .prepare('UPDATE outbox SET message_fr = ?, last_error_code = ? WHERE id = ?')
        .run(message, type, row.id);
    }
    return;
  }

  db.sqlite.transaction(() => {
    if (status >= 200 && status < 300) {
      const result = RequestResult.safeParse(answer.body);
      const snapshot = result.success ? result.data.request : null;
      setOutboxOutcome(
        db,
        row.id,
        { state: 'ACKED', httpStatus: status, currentJson: snapshot ? JSON.stringify(snapshot) : null, final: true },
        nowIso,
      );
      storeSnapshot(options, snapshot);
      report.acked += 1;
    } else if (status === 409) {
      const current = parseSnapshot(details.current);
      if (type === 'already-decided' && current !== null) {
        const settled = settleAgainstSnapshot(db, row, current, nowIso, status);
        if (settled === 'acked') report.acked += 1;
        else report.conflicts += 1;
      } else {
        setOutboxOutcome(
          db,
          row.id,
          {
            state: 'CONFLICT',
            httpStatus: status,
            errorCode: type ?? 'conflict',
            messageFr:
              type === 'version-conflict' ? DECISION_MESSAGES.versionConflict : DECISION_MESSAGES.alreadyDecided,
            currentJson: current ? JSON.stringify(current) : null,
            final: true,
          },
          nowIso,
        );
        report.conflicts += 1;
      }
      storeSnapshot(options, current);
    } else {
      const codes = (details.errors ?? []).map((e) => e.code);
      const clientBug = status === 428 || type === 'idempotency-key-reused' || type === 'idempotency-key-missing';
      if (clientBug) {
        log.error('decision refused as a client bug', { decisionId: row.id, status, problem: type ?? 'none' });
      } else {
        log.warn('decision refused', { decisionId: row.id, status, problem: type ?? 'none', codes: codes.join(',') });
      }
      const messageFr = clientBug
        ? DECISION_MESSAGES.clientBug
        : status === 404
          ? DECISION_MESSAGES.notFound
          : type === 'photo-missing'
            ? DECISION_MESSAGES.photoMissing
            : validationMessage(codes);
      setOutboxOutcome(
        db,
        row.id,
        {
          state: 'ERROR',
          httpStatus: status,
          errorCode: type ?? `http-${status}`,
          errorCodes: codes,
          messageFr,
          final: true,
        },
        nowIso,
      );
      report.errors += 1;
    }
    refreshLocalState(db, row.target_id);
  })();
}
