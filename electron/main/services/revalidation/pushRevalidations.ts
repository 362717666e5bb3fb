/**
 * Sends due revalidations (README §5) with `POST /cards/{cardNumber}/revalidations`, one call per
 * card, at most 4 at once (the Region's connection limit). Every retry reuses the entry's
 * Idempotency-Key and exact body; network errors, timeouts, 429 and 5xx wait with the same backoff
 * as decisions; 409 `already-revalidated` becomes a visible CONFLICT with the Region's card; other
 * refusals an ERROR with a French message. Each answer is stored in its own short transaction, so
 * one bad entry never blocks the others.
 */
import { z } from 'zod';
import { Card, RevalidationRequest, RevalidationResult, problemName } from '../../../../shared/region-api/schemas';
import { createLogger } from '../log/logger';
import { type RegionClient } from '../region/regionClient';
import { RegionApiError, RegionProtocolError, RegionUnreachableError } from '../region/regionErrors';
import { upsertCards } from '../store/cardsRepo';
import { type AppDatabase } from '../store/openDatabase';
import { markOutboxSending, setOutboxOutcome, type OutboxRow } from '../store/outboxRepo';
import { dueRevalidations } from '../store/revalidationsRepo';
import { isRetryable, retryAfterOf, type BackoffPolicy } from '../sync/backoff';
import { scheduleRetry, withServerDecidedAt } from '../sync/outboxEntryTiming';
import { PushAuthError, emptyPushReport, type PushReport } from '../sync/pushOutbox';
import { REVALIDATION_MESSAGES } from './revalidationMessages';

const log = createLogger('revalidation.push');

/** The Region allows 4 concurrent connections per client. */
export const PUSH_CONCURRENCY = 4;

export interface RevalidationPushOptions {
  db: AppDatabase;
  client: RegionClient;
  now: () => number;
  clockSkewMs: () => number | null;
  random: () => number;
  backoff: BackoffPolicy;
  onProgress?: (done: number, total: number) => void;
}

const ProblemDetails = z.looseObject({
  type: z.string().optional(),
  current: z.unknown().optional(),
  cardStatus: z.string().optional(),
});

export async function pushRevalidations(options: RevalidationPushOptions): Promise<PushReport> {
  const report = emptyPushReport();
  const nowIso = () => new Date(options.now()).toISOString();
  const due = dueRevalidations(options.db, nowIso()).map((row) => fixProvisionalDecidedAt(options, row));
  if (due.length === 0) return report;
  let next = 0;
  let done = 0;
  let stop: 'offline' | 'auth' | null = null;
  let authError: PushAuthError | null = null;

  async function worker(): Promise<void> {
    while (stop === null && next < due.length) {
      const row = due[next++];
      if (!row) return;
      const outcome = await sendOne(options, row, report);
      done += 1;
      options.onProgress?.(done, due.length);
      if (outcome instanceof PushAuthError) {
        stop = 'auth';
        authError = outcome;
      } else if (outcome === 'offline') {
        stop = 'offline';
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(PUSH_CONCURRENCY, due.length) }, () => worker()));
  if (authError) throw authError;
  return report;
}

/** Recorded before the skew was known: moved to server time before the first send, never after. */
function fixProvisionalDecidedAt(options: RevalidationPushOptions, row: OutboxRow): OutboxRow {
  return withServerDecidedAt(options, row, options.clockSkewMs(), (entry) =>
    RevalidationRequest.parse(JSON.parse(entry.body)),
  );
}

async function sendOne(
  options: RevalidationPushOptions,
  row: OutboxRow,
  report: PushReport,
): Promise<'ok' | 'offline' | PushAuthError> {
  markOutboxSending(options.db, [row.id], new Date(options.now()).toISOString());
  report.sent += 1;
  report.httpCalls += 1;
  try {
    const response = await options.client.call(
      {
        method: 'POST',
        path: `cards/${row.target_id}/revalidations`,
        headers: { 'idempotency-key': row.idempotency_key },
        json: JSON.parse(row.body) as unknown,
      },
      RevalidationResult,
    );
    settle(options, row, 'ACKED', { httpStatus: response.status, card: response.body.card });
    report.acked += 1;
    return 'ok';
  } catch (error) {
    if (isRetryable(error) || error instanceof RegionProtocolError) {
      scheduleRetry(options, row, retryAfterOf(error), REVALIDATION_MESSAGES.retrying);
      report.retryLater += 1;
      return error instanceof RegionUnreachableError ? 'offline' : 'ok';
    }
    if (!(error instanceof RegionApiError)) {
      scheduleRetry(options, row, null, REVALIDATION_MESSAGES.retrying);
      report.retryLater += 1;
      log.error('revalidation call failed unexpectedly', {
        revalidationId: row.id,
        errorClass: error instanceof Error ? error.name : typeof error,
      });
      return 'offline';
    }
    const details = ProblemDetails.safeParse(error.problem ?? {});
    const problem = details.success ? details.data : {};
    const type = error.problemType ?? (problem.type ? problemName(problem.type) : null);
    if (error.status === 401 || (error.status === 403 && type !== 'forbidden-establishment')) {
      setOutboxOutcome(options.db, row.id, { state: 'PENDING' }, new Date(options.now()).toISOString());
      return new PushAuthError(error);
    }
    if (error.status === 409 && type === 'idempotency-key-in-use') {
      scheduleRetry(options, row, error.retryAfterS, REVALIDATION_MESSAGES.keyInUse);
      report.retryLater += 1;
      return 'ok';
    }
    if (error.status === 409) {
      const current = Card.safeParse(problem.current);
      settle(options, row, 'CONFLICT', {
        httpStatus: 409,
        errorCode: type ?? 'conflict',
        messageFr: REVALIDATION_MESSAGES.elsewhere,
        card: current.success ? current.data : null,
      });
      report.conflicts += 1;
      log.info('revalidation in conflict with the Region', { revalidationId: row.id, problem: type ?? 'none' });
      return 'ok';
    }
    const messageFr = refusalMessage(error.status, type, problem.cardStatus);
    const clientBug = error.status === 428 || type === 'idempotency-key-reused' || type === 'idempotency-key-missing';
    if (clientBug) log.error('revalidation refused as a client bug', { revalidationId: row.id, status: error.status });
    else log.warn('revalidation refused', { revalidationId: row.id, status: error.status, problem: type ?? 'none' });
    settle(options, row, 'ERROR', {
      httpStatus: error.status,
      errorCode: type ?? `http-${error.status}`,
      messageFr: clientBug ? REVALIDATION_MESSAGES.clientBug : messageFr,
      card: null,
    });
    report.errors += 1;
    return 'ok';
  }
}

function refusalMessage(status: number, type: string | null, cardStatus: string | undefined): string {
  if (status === 404) return REVALIDATION_MESSAGES.notFound;
  if (status === 403) return REVALIDATION_MESSAGES.forbidden;
  switch (type) {
    case 'wrong-school-year':
      return REVALIDATION_MESSAGES.wrongYear;
    case 'revalidation-not-open':
      return REVALIDATION_MESSAGES.notOpen;
    case 'card-blocked':
      return cardStatus === 'LOST' ? REVALIDATION_MESSAGES.lost : REVALIDATION_MESSAGES.blocked;
    case 'card-expired':
      return REVALIDATION_MESSAGES.expired;
    default:
      return REVALIDATION_MESSAGES.invalid;
  }
}

/** The final answer and the Region's card (newer versions only), in one transaction. */
function settle(
  options: RevalidationPushOptions,
  row: OutboxRow,
  state: 'ACKED' | 'CONFLICT' | 'ERROR',
  answer: { httpStatus: number; errorCode?: string; messageFr?: string; card: Card | null },
): void {
  const nowIso = new Date(options.now()).toISOString();
  options.db.sqlite.transaction(() => {
    setOutboxOutcome(
      options.db,
      row.id,
      {
        state,
        httpStatus: answer.httpStatus,
        errorCode: answer.errorCode ?? null,
        messageFr: answer.messageFr ?? null,
        currentJson: answer.card ? JSON.stringify(answer.card) : null,
        final: true,
      },
      nowIso,
    );
    if (answer.card) upsertCards(options.db, [answer.card]);
  })();
}
