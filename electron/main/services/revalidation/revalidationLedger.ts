/**
 * Records revalidations into the outbox, one or a batch, each with its Idempotency-Key generated
 * once and `decidedAt` in server time, after the same checks the Region makes: a card already
 * revalidated this year here is reported and left alone, a lost, blocked or expired card is refused
 * with what the student must do, a card revalidated elsewhere this year is refused as such.
 */
import { randomUUID } from 'node:crypto';
import { RevalidationRequest } from '../../../../shared/region-api/schemas';
import {
  type BatchRevalidation,
  type BatchRevalidationResult,
  type RecordResult,
  type RevalidationDraft,
} from '../../../../shared/schemas/revalidation';
import { createLogger } from '../log/logger';
import { type LedgerContext } from '../sync/decisionLedger';
import { type AppDatabase } from '../store/openDatabase';
import { getRevalidation, insertRevalidation, revalidationsForCard } from '../store/revalidationsRepo';
import { statementCache } from '../store/statementCache';
import { deskCalendar, type DeskCalendar } from './revalidationCalendar';
import { ELIGIBILITY_MESSAGES, REVALIDATION_MESSAGES } from './revalidationMessages';
import { proposedUai, revalidationView, ROSTER_COLUMNS, rosterRow, type RosterSqlRow } from './revalidationViews';

const log = createLogger('revalidation.ledger');

export type RevalidationContext = LedgerContext;

const statements = statementCache((sqlite) => ({
  card: sqlite.prepare<{ year: string; value: string }, RosterSqlRow>(
    `SELECT ${ROSTER_COLUMNS} FROM cards c WHERE c.card_number = @value`,
  ),
}));

/** Region time now (local clock + measured skew; the local clock alone before the first contact). */
export function serverNowMs(context: RevalidationContext): number {
  return context.now() + (context.clockSkewMs() ?? 0);
}

export function calendarOf(context: RevalidationContext): DeskCalendar {
  return deskCalendar(context.db, serverNowMs(context));
}

function latestView(db: AppDatabase, cardNumber: string, names: { lastName: string; firstName: string }) {
  const latest = revalidationsForCard(db, cardNumber)[0];
  return latest ? revalidationView(latest, names) : null;
}

/** One card; the caller holds the transaction. */
function recordOne(
  context: RevalidationContext,
  calendar: DeskCalendar,
  draft: RevalidationDraft,
  createdAt: string,
): RecordResult {
  const { db } = context;
  const row = statements(db).card.get({ year: calendar.currentSchoolYear ?? '', value: draft.cardNumber });
  if (!row) {
    return {
      cardNumber: draft.cardNumber,
      outcome: 'REFUSED',
      eligibility: null,
      messageFr: REVALIDATION_MESSAGES.notInRoster,
      revalidation: null,
    };
  }
  const names = { lastName: row.last_name, firstName: row.first_name };
  const roster = rosterRow(row, calendar);
  if (roster.eligibility === 'ALREADY_THIS_YEAR') {
    return {
      cardNumber: draft.cardNumber,
      outcome: 'ALREADY_DONE',
      eligibility: roster.eligibility,
      messageFr:
        roster.local === 'PENDING' || roster.local === 'ACKED'
          ? REVALIDATION_MESSAGES.alreadyPending
          : ELIGIBILITY_MESSAGES.ALREADY_THIS_YEAR,
      revalidation: latestView(db, draft.cardNumber, names),
    };
  }
  if (roster.eligibility !== 'DUE') {
    return {
      cardNumber: draft.cardNumber,
      outcome: 'REFUSED',
      eligibility: roster.eligibility,
      messageFr: ELIGIBILITY_MESSAGES[roster.eligibility],
      revalidation: latestView(db, draft.cardNumber, names),
    };
  }
  const uai = draft.uai ?? proposedUai(row.establishment_uai, draft.training.type, calendar);
  if (uai === null || !calendar.ownUais.includes(uai)) {
    return {
      cardNumber: draft.cardNumber,
      outcome: 'REFUSED',
      eligibility: roster.eligibility,
      messageFr: REVALIDATION_MESSAGES.notOwnUai,
      revalidation: null,
    };
  }
  const staff = context.currentStaff();
  const skew = context.clockSkewMs();
  const body = RevalidationRequest.parse({
    schoolYear: calendar.currentSchoolYear,
    uai,
    training: draft.training,
    decidedBy: { staffId: staff.staffId, displayName: staff.displayName },
    decidedAt: new Date(Date.parse(createdAt) + (skew ?? 0)).toISOString(),
  });
  const id = randomUUID();
  insertRevalidation(db, {
    id,
    card_number: draft.cardNumber,
    idempotency_key: randomUUID(),
    body: JSON.stringify(body),
    created_at: createdAt,
    decided_by_staff_id: staff.staffId,
    uai,
    file_number: row.file_number,
    skew_known: skew === null ? 0 : 1,
  });
  const stored = getRevalidation(db, id);
  return {
    cardNumber: draft.cardNumber,
    outcome: 'RECORDED',
    eligibility: roster.eligibility,
    messageFr: REVALIDATION_MESSAGES.recorded,
    revalidation: stored ? revalidationView(stored, names) : null,
  };
}

export function recordRevalidation(context: RevalidationContext, draft: RevalidationDraft): RecordResult {
  const calendar = calendarOf(context);
  const createdAt = new Date(context.now()).toISOString();
  const result = context.db.sqlite.transaction(() => recordOne(context, calendar, draft, createdAt))();
  log.info('revalidation asked', {
    outcome: result.outcome,
    eligibility: result.eligibility ?? 'unknown',
    revalidationId: result.revalidation?.id ?? null,
  });
  return result;
}

/** A class at once: one transaction, each card judged on its own (a refusal never stops the others). */
export function recordRevalidationBatch(
  context: RevalidationContext,
  input: BatchRevalidation,
): BatchRevalidationResult {
  const calendar = calendarOf(context);
  const createdAt = new Date(context.now()).toISOString();
  const unique = [...new Set(input.cardNumbers)];
  const results = context.db.sqlite.transaction(() =>
    unique.map((cardNumber) =>
      recordOne(
        context,
        calendar,
        { cardNumber, training: input.training, ...(input.uai ? { uai: input.uai } : {}) },
        createdAt,
      ),
    ),
  )();
  const count = (outcome: RecordResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  const report = {
    recorded: count('RECORDED'),
    alreadyDone: count('ALREADY_DONE'),
    refused: count('REFUSED'),
    results,
  };
  log.info('batch revalidation', {
    recorded: report.recorded,
    alreadyDone: report.alreadyDone,
    refused: report.refused,
  });
  return report;
}

/** Used by a look-up resolved at sync time, inside its transaction. */
export function recordInTransaction(context: RevalidationContext, draft: RevalidationDraft): RecordResult {
  return recordOne(context, calendarOf(context), draft, new Date(context.now()).toISOString());
}
