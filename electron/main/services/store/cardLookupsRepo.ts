/**
 * Look-ups of cards not in the roster (a returning student new to this establishment): answered
 * online at once, or kept PENDING offline with the revalidation wanted, until the next sync asks the
 * Region. The birth date is kept only while the look-up is pending.
 */
import { type AppDatabase } from './openDatabase';
import { statementCache } from './statementCache';

export type LookupKind = 'CARD_NUMBER' | 'FILE_NUMBER';
export type LookupRowState = 'PENDING' | 'FOUND' | 'NOT_FOUND' | 'REFUSED';

export interface CardLookupRow {
  id: string;
  kind: LookupKind;
  value: string;
  birth_date: string | null;
  training_json: string | null;
  staff_id: string;
  state: LookupRowState;
  card_number: string | null;
  revalidation_id: string | null;
  message_fr: string | null;
  attempts: number;
  created_at: string;
  resolved_at: string | null;
}

export type NewCardLookup = Pick<
  CardLookupRow,
  'id' | 'kind' | 'value' | 'birth_date' | 'training_json' | 'staff_id' | 'state' | 'created_at'
> &
  Partial<Pick<CardLookupRow, 'card_number' | 'message_fr' | 'resolved_at'>>;

export interface LookupResolution {
  state: Exclude<LookupRowState, 'PENDING'>;
  cardNumber: string | null;
  revalidationId: string | null;
  messageFr: string | null;
}

const statements = statementCache((sqlite) => ({
  insert: sqlite.prepare<Required<NewCardLookup>>(
    `INSERT INTO card_lookups (id, kind, value, birth_date, training_json, staff_id, state, card_number, message_fr,
       created_at, resolved_at)
     VALUES (@id, @kind, @value, @birth_date, @training_json, @staff_id, @state, @card_number, @message_fr,
       @created_at, @resolved_at)`,
  ),
  get: sqlite.prepare<[string], CardLookupRow>('SELECT * FROM card_lookups WHERE id = ?'),
  pending: sqlite.prepare<[], CardLookupRow>(
    "SELECT * FROM card_lookups WHERE state = 'PENDING' ORDER BY created_at, id",
  ),
  since: sqlite.prepare<[string], CardLookupRow>(
    'SELECT * FROM card_lookups WHERE created_at >= ? ORDER BY created_at DESC, id DESC',
  ),
  attempt: sqlite.prepare<[string]>('UPDATE card_lookups SET attempts = attempts + 1 WHERE id = ?'),
  resolve: sqlite.prepare<{
    id: string;
    state: string;
    card_number: string | null;
    revalidation_id: string | null;
    message_fr: string | null;
    resolved_at: string;
  }>(
    `UPDATE card_lookups SET state = @state, card_number = @card_number, revalidation_id = @revalidation_id,
       message_fr = @message_fr, resolved_at = @resolved_at, birth_date = NULL
     WHERE id = @id AND state = 'PENDING'`,
  ),
}));

export function insertCardLookup(db: AppDatabase, row: NewCardLookup): void {
  statements(db).insert.run({ card_number: null, message_fr: null, resolved_at: null, ...row });
}

export function getCardLookup(db: AppDatabase, id: string): CardLookupRow | null {
  return statements(db).get.get(id) ?? null;
}

export function pendingCardLookups(db: AppDatabase): CardLookupRow[] {
  return statements(db).pending.all();
}

export function cardLookupsSince(db: AppDatabase, sinceIso: string): CardLookupRow[] {
  return statements(db).since.all(sinceIso);
}

export function countCardLookupAttempt(db: AppDatabase, id: string): void {
  statements(db).attempt.run(id);
}

/** Settles a pending look-up and forgets its birth date. */
export function resolveCardLookup(db: AppDatabase, id: string, resolution: LookupResolution, nowIso: string): boolean {
  return (
    statements(db).resolve.run({
      id,
      state: resolution.state,
      card_number: resolution.cardNumber,
      revalidation_id: resolution.revalidationId,
      message_fr: resolution.messageFr,
      resolved_at: nowIso,
    }).changes === 1
  );
}
