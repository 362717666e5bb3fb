/**
 * Store rows ↔ the revalidation shapes the UI reads: a roster row with its eligibility and this
 * desk's state for the year, a card with its wallet, a recorded revalidation, a look-up.
 */
import { revalidationEligibility, walletState } from '../../../../shared/domain/revalidationRules';
import { RevalidationRequest, Training, type Training as TrainingT } from '../../../../shared/region-api/schemas';
import {
  type CardView,
  type LocalRevalidationState,
  type LookupView,
  type RevalidationView,
  type RosterRow,
} from '../../../../shared/schemas/revalidation';
import { type CardLookupRow } from '../store/cardLookupsRepo';
import { type OutboxRow } from '../store/outboxRepo';
import { type DeskCalendar } from './revalidationCalendar';

/** The cards columns the roster reads, plus this desk's outbox state for the current year. */
export interface RosterSqlRow {
  card_number: string;
  file_number: string;
  last_name: string;
  first_name: string;
  birth_date: string;
  ine: string | null;
  status: 'ACTIVE' | 'EXPIRED' | 'LOST' | 'BLOCKED';
  establishment_uai: string | null;
  last_revalidated_school_year: string | null;
  wallet_active: number;
  training_type: 'LYCEE' | 'LP' | 'APPRENTICE' | null;
  class_label: string | null;
  local_state: string | null;
}

export const ROSTER_COLUMNS = `c.card_number, c.file_number, c.last_name, c.first_name, c.birth_date, c.ine, c.status,
  c.establishment_uai, c.last_revalidated_school_year, c.wallet_active, c.training_type, c.class_label,
  (SELECT o.state FROM outbox o WHERE o.kind = 'REVALIDATION' AND o.target_id = c.card_number
     AND o.state <> 'DROPPED' AND json_extract(o.body, '$.schoolYear') = @year
   ORDER BY o.created_at DESC LIMIT 1) AS local_state`;

function localState(state: string | null): LocalRevalidationState {
  if (state === null) return 'NONE';
  if (state === 'PENDING' || state === 'SENDING') return 'PENDING';
  if (state === 'ACKED' || state === 'CONFLICT' || state === 'ERROR') return state;
  return 'NONE';
}

export function rosterRow(row: RosterSqlRow, calendar: DeskCalendar): RosterRow {
  const local = localState(row.local_state);
  let eligibility = revalidationEligibility(
    {
      status: row.status,
      lastRevalidatedSchoolYear: row.last_revalidated_school_year,
      establishmentUai: row.establishment_uai,
    },
    calendar,
  );
  // Recorded here and not refused: for the desk it is done this year, whatever the feed says yet.
  if (eligibility === 'DUE' && (local === 'PENDING' || local === 'ACKED')) eligibility = 'ALREADY_THIS_YEAR';
  if (eligibility === 'DUE' && local === 'CONFLICT') eligibility = 'ELSEWHERE_THIS_YEAR';
  return {
    cardNumber: row.card_number,
    fileNumber: row.file_number,
    lastName: row.last_name,
    firstName: row.first_name,
    birthDate: row.birth_date,
    status: row.status,
    establishmentUai: row.establishment_uai,
    lastRevalidatedSchoolYear: row.last_revalidated_school_year,
    walletActive: row.wallet_active === 1,
    trainingType: row.training_type,
    classLabel: row.class_label,
    local,
    eligibility,
  };
}

/** Own UAI for a revalidation: the card's when it is ours, else the one whose type fits the training. */
export function proposedUai(
  cardUai: string | null,
  training: TrainingT['type'] | null,
  calendar: DeskCalendar,
): string | null {
  if (cardUai !== null && calendar.ownUais.includes(cardUai)) return cardUai;
  const wanted = training === 'LP' ? ['LP'] : training === 'LYCEE' ? ['LYCEE', 'LPO'] : ['CFA', 'LP'];
  return calendar.establishments.find((e) => wanted.includes(e.type))?.uai ?? calendar.ownUais[0] ?? null;
}

export function revalidationView(
  row: OutboxRow,
  names: { lastName: string; firstName: string } | null,
): RevalidationView {
  const body = RevalidationRequest.parse(JSON.parse(row.body));
  return {
    id: row.id,
    cardNumber: row.target_id,
    fileNumber: row.file_number,
    lastName: names?.lastName ?? null,
    firstName: names?.firstName ?? null,
    schoolYear: body.schoolYear,
    uai: body.uai,
    training: body.training,
    decidedAt: body.decidedAt,
    createdAt: row.created_at,
    state: row.state,
    attempts: row.attempts,
    errorCode: row.last_error_code,
    messageFr: row.message_fr,
  };
}

export function cardView(row: RosterSqlRow, calendar: DeskCalendar, latest: OutboxRow | null): CardView {
  const roster = rosterRow(row, calendar);
  return {
    row: roster,
    ine: row.ine,
    wallet: walletState(roster.walletActive, calendar.walletValidity, calendar.today),
    revalidation: latest ? revalidationView(latest, { lastName: row.last_name, firstName: row.first_name }) : null,
    proposedUai: proposedUai(row.establishment_uai, row.training_type, calendar),
  };
}

export function lookupView(row: CardLookupRow): LookupView {
  let training: TrainingT | null = null;
  if (row.training_json !== null) {
    const parsed = Training.safeParse(JSON.parse(row.training_json));
    training = parsed.success ? parsed.data : null;
  }
  return {
    id: row.id,
    kind: row.kind,
    value: row.value,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    state: row.state,
    cardNumber: row.card_number,
    revalidationId: row.revalidation_id,
    training,
    messageFr: row.message_fr,
  };
}
