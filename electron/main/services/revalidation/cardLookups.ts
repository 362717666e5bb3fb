/**
 * Look-ups of a returning student new to this establishment, whose card is not in the roster
 * (README §5: `GET /cards/lookup` with the card or file number plus the birth date; a wrong birth
 * date answers 404 like an unknown number). Online it is asked at once; when the Region cannot be
 * reached it is recorded PENDING with the revalidation staff wanted, and the next sync asks it,
 * stores the card and records that revalidation — or shows the look-up as an error to follow up.
 */
import { randomUUID } from 'node:crypto';
import { Card, type Card as CardT } from '../../../../shared/region-api/schemas';
import { type RemoteLookupInput, type RemoteLookupResult } from '../../../../shared/schemas/revalidation';
import { createLogger } from '../log/logger';
import { type RegionClient } from '../region/regionClient';
import { RegionApiError, RegionProtocolError } from '../region/regionErrors';
import {
  countCardLookupAttempt,
  getCardLookup,
  insertCardLookup,
  pendingCardLookups,
  resolveCardLookup,
  type CardLookupRow,
} from '../store/cardLookupsRepo';
import { upsertCards } from '../store/cardsRepo';
import { isRetryable } from '../sync/backoff';
import { PushAuthError } from '../sync/pushOutbox';
import { calendarOf, recordInTransaction, type RevalidationContext } from './revalidationLedger';
import { LOOKUP_MESSAGES } from './revalidationMessages';
import { cardByNumber } from './rosterQuery';
import { lookupView } from './revalidationViews';

const log = createLogger('revalidation.lookup');

type Answer = { kind: 'found'; card: CardT } | { kind: 'notFound' } | { kind: 'refused' } | { kind: 'unreachable' };

async function askRegion(
  client: RegionClient,
  lookup: { kind: 'CARD_NUMBER' | 'FILE_NUMBER'; value: string; birthDate: string },
): Promise<Answer> {
  const query = new URLSearchParams({
    [lookup.kind === 'CARD_NUMBER' ? 'cardNumber' : 'fileNumber']: lookup.value,
    birthDate: lookup.birthDate,
  });
  try {
    const response = await client.call({ method: 'GET', path: `cards/lookup?${query.toString()}` }, Card);
    return { kind: 'found', card: response.body };
  } catch (error) {
    if (error instanceof RegionApiError && error.status === 404) return { kind: 'notFound' };
    if (isRetryable(error) || error instanceof RegionProtocolError) return { kind: 'unreachable' };
    if (error instanceof RegionApiError && (error.status === 401 || error.status === 403)) throw error;
    if (error instanceof RegionApiError) return { kind: 'refused' };
    throw error;
  }
}

/** The desk's « look up at the Region » with a birth date: at once when online, else recorded. */
export async function lookupRemote(
  context: RevalidationContext,
  client: RegionClient | null,
  input: RemoteLookupInput,
): Promise<RemoteLookupResult> {
  const { db } = context;
  const id = randomUUID();
  const createdAt = new Date(context.now()).toISOString();
  const base = {
    id,
    kind: input.kind,
    value: input.value,
    training_json: input.training ? JSON.stringify(input.training) : null,
    staff_id: context.currentStaff().staffId,
    created_at: createdAt,
  };
  let answer: Answer = { kind: 'unreachable' };
  if (client !== null) {
    try {
      answer = await askRegion(client, input);
    } catch (error) {
      // Credentials refused: the sync bar says so; the look-up waits like an offline one.
      log.warn('look-up not possible now', { errorClass: error instanceof Error ? error.name : typeof error });
      answer = { kind: 'unreachable' };
    }
  }
  if (answer.kind === 'unreachable') {
    insertCardLookup(db, {
      ...base,
      birth_date: input.birthDate,
      state: 'PENDING',
      message_fr: LOOKUP_MESSAGES.pending,
    });
    log.info('look-up recorded for the next sync', { lookupId: id, kind: input.kind });
    return { outcome: 'pending', lookup: lookupView(mustGet(context, id)) };
  }
  if (answer.kind === 'found') {
    const card = answer.card;
    db.sqlite.transaction(() => {
      upsertCards(db, [card]);
      insertCardLookup(db, {
        ...base,
        birth_date: null,
        state: 'FOUND',
        card_number: card.cardNumber,
        message_fr: LOOKUP_MESSAGES.found,
        resolved_at: createdAt,
      });
    })();
    log.info('look-up answered', { lookupId: id, outcome: 'found' });
    const view = cardByNumber(db, card.cardNumber, calendarOf(context));
    if (view) return { outcome: 'found', card: view, lookup: lookupView(mustGet(context, id)) };
  }
  insertCardLookup(db, {
    ...base,
    birth_date: null,
    state: answer.kind === 'refused' ? 'REFUSED' : 'NOT_FOUND',
    message_fr: answer.kind === 'refused' ? LOOKUP_MESSAGES.badRequest : LOOKUP_MESSAGES.notFound,
    resolved_at: createdAt,
  });
  log.info('look-up answered', { lookupId: id, outcome: answer.kind });
  return { outcome: 'notFound', lookup: lookupView(mustGet(context, id)) };
}

function mustGet(context: RevalidationContext, id: string): CardLookupRow {
  const row = getCardLookup(context.db, id);
  if (!row) throw new Error('revalidation.lookup: look-up vanished');
  return row;
}

export interface LookupResolutionReport {
  asked: number;
  found: number;
  notFound: number;
  revalidationsRecorded: number;
  httpCalls: number;
}

/** At each sync, before revalidations are pushed: asks every pending look-up, oldest first. */
export async function resolvePendingLookups(
  context: RevalidationContext,
  client: RegionClient,
): Promise<LookupResolutionReport> {
  const report: LookupResolutionReport = { asked: 0, found: 0, notFound: 0, revalidationsRecorded: 0, httpCalls: 0 };
  for (const row of pendingCardLookups(context.db)) {
    if (row.birth_date === null) continue;
    countCardLookupAttempt(context.db, row.id);
    report.asked += 1;
    report.httpCalls += 1;
    let answer: Answer;
    try {
      answer = await askRegion(client, { kind: row.kind, value: row.value, birthDate: row.birth_date });
    } catch (error) {
      if (error instanceof RegionApiError) throw new PushAuthError(error);
      throw error;
    }
    // Offline again, or the hourly look-up limit: the rest waits for a later sync.
    if (answer.kind === 'unreachable') break;
    settlePending(context, row, answer, report);
  }
  if (report.asked > 0) log.info('pending look-ups asked', { ...report });
  return report;
}

function settlePending(
  context: RevalidationContext,
  row: CardLookupRow,
  answer: Exclude<Answer, { kind: 'unreachable' }>,
  report: LookupResolutionReport,
): void {
  const { db } = context;
  const nowIso = new Date(context.now()).toISOString();
  db.sqlite.transaction(() => {
    if (answer.kind !== 'found') {
      resolveCardLookup(
        db,
        row.id,
        {
          state: answer.kind === 'refused' ? 'REFUSED' : 'NOT_FOUND',
          cardNumber: null,
          revalidationId: null,
          messageFr: answer.kind === 'refused' ? LOOKUP_MESSAGES.badRequest : LOOKUP_MESSAGES.notFound,
        },
        nowIso,
      );
      report.notFound += 1;
      return;
    }
    report.found += 1;
    upsertCards(db, [answer.card]);
    const training = lookupView(row).training;
    if (training === null) {
      resolveCardLookup(
        db,
        row.id,
        { state: 'FOUND', cardNumber: answer.card.cardNumber, revalidationId: null, messageFr: LOOKUP_MESSAGES.found },
        nowIso,
      );
      return;
    }
    const result = recordInTransaction(context, { cardNumber: answer.card.cardNumber, training });
    if (result.outcome === 'RECORDED') report.revalidationsRecorded += 1;
    resolveCardLookup(
      db,
      row.id,
      {
        state: result.outcome === 'REFUSED' ? 'REFUSED' : 'FOUND',
        cardNumber: answer.card.cardNumber,
        revalidationId: result.revalidation?.id ?? null,
        messageFr: result.outcome === 'RECORDED' ? LOOKUP_MESSAGES.foundAndRecorded : result.messageFr,
      },
      nowIso,
    );
  })();
}
