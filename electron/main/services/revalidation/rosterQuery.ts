/**
 * The roster of returning students' cards, read from the local store (offline): pages with
 * filters (revalidated this year or not, status, last year's training and class) and a search by
 * card number, file number, INE, or name narrowed by birth date; and the desk's exact look-up.
 */
import { recogniseDeskInput } from '../../../../shared/domain/deskLookupInput';
import { normalizeForSearch } from '../../../../shared/text/normalizeForSearch';
import {
  RosterQuery,
  type CardView,
  type DeskLookupResult,
  type RosterFilter,
  type RosterPage,
} from '../../../../shared/schemas/revalidation';
import { createLogger } from '../log/logger';
import { type AppDatabase } from '../store/openDatabase';
import { revalidationsForCard } from '../store/revalidationsRepo';
import { statementCache } from '../store/statementCache';
import { type DeskCalendar } from './revalidationCalendar';
import { cardView, ROSTER_COLUMNS, rosterRow, type RosterSqlRow } from './revalidationViews';

const log = createLogger('revalidation.roster');

/** « Select the whole class » stops there: a batch is at most 500 cards. */
export const SELECTION_CAP = 500;

const statements = statementCache((sqlite) => ({
  byCard: sqlite.prepare<{ year: string; value: string }, RosterSqlRow>(
    `SELECT ${ROSTER_COLUMNS} FROM cards c WHERE c.card_number = @value`,
  ),
  byFile: sqlite.prepare<{ year: string; value: string }, RosterSqlRow>(
    `SELECT ${ROSTER_COLUMNS} FROM cards c WHERE c.file_number = @value ORDER BY c.updated_at DESC LIMIT 1`,
  ),
  byIne: sqlite.prepare<{ year: string; value: string }, RosterSqlRow>(
    `SELECT ${ROSTER_COLUMNS} FROM cards c WHERE c.ine = @value ORDER BY c.updated_at DESC LIMIT 1`,
  ),
  classes: sqlite.prepare<[], { class_label: string }>(
    'SELECT DISTINCT class_label FROM cards WHERE class_label IS NOT NULL ORDER BY class_label',
  ),
}));

type Params = Record<string, string | number>;

/** WHERE clauses of a filter; the search part recognises numbers exactly, else names by prefix. */
function whereOf(filter: RosterFilter, params: Params): string[] {
  const where: string[] = [];
  if (filter.status !== 'ALL') {
    where.push('c.status = @status');
    params.status = filter.status;
  }
  if (filter.trainingType !== undefined) {
    where.push('c.training_type = @trainingType');
    params.trainingType = filter.trainingType;
  }
  if (filter.classLabel !== undefined && filter.classLabel !== '') {
    where.push('c.class_label = @classLabel');
    params.classLabel = filter.classLabel;
  }
  const doneHere = `EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'REVALIDATION' AND o.target_id = c.card_number
      AND o.state IN ('PENDING', 'SENDING', 'ACKED') AND json_extract(o.body, '$.schoolYear') = @year)`;
  if (filter.revalidated === 'yes') where.push(`(c.last_revalidated_school_year = @year OR ${doneHere})`);
  if (filter.revalidated === 'no') {
    where.push(`(c.last_revalidated_school_year IS NOT @year AND NOT ${doneHere})`);
  }
  const query = filter.query?.trim() ?? '';
  if (query !== '') {
    const recognised = recogniseDeskInput(query);
    if (recognised.ok) {
      const column = { CARD_NUMBER: 'card_number', FILE_NUMBER: 'file_number', INE: 'ine' }[recognised.kind];
      where.push(`c.${column} = @number`);
      params.number = recognised.value;
    } else {
      normalizeForSearch(query)
        .split(' ')
        .filter((token) => token !== '')
        .slice(0, 4)
        .forEach((token, index) => {
          // Prefix ranges use the name index; `~` sorts after every normalised character.
          where.push(
            `((c.search_last >= @t${index} AND c.search_last < @u${index}) OR (c.search_first >= @t${index} AND c.search_first < @u${index}) OR c.search_last LIKE @l${index})`,
          );
          params[`t${index}`] = token;
          params[`u${index}`] = `${token}~`;
          params[`l${index}`] = `% ${token}%`;
        });
    }
  }
  if (filter.birthDate !== undefined) {
    where.push('c.birth_date = @birthDate');
    params.birthDate = filter.birthDate;
  }
  return where;
}

export function rosterPage(db: AppDatabase, rawQuery: RosterQuery, calendar: DeskCalendar): RosterPage {
  const query = RosterQuery.parse(rawQuery);
  const params: Params = { year: calendar.currentSchoolYear ?? '' };
  const where = whereOf(query.filter, params);
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.sqlite.prepare(`SELECT COUNT(*) AS n FROM cards c ${clause}`).get(params) as { n: number }).n;
  const rows = db.sqlite
    .prepare(
      `SELECT ${ROSTER_COLUMNS} FROM cards c ${clause}
       ORDER BY c.search_last, c.search_first, c.card_number LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: query.limit, offset: query.offset }) as RosterSqlRow[];
  return {
    total,
    offset: query.offset,
    rows: rows.map((r) => rosterRow(r, calendar)),
    classes: statements(db)
      .classes.all()
      .map((r) => r.class_label),
    currentSchoolYear: calendar.currentSchoolYear,
  };
}

/** Card numbers of every roster row matching the filter and still due (for a batch by class). */
export function rosterSelection(
  db: AppDatabase,
  filter: RosterFilter,
  calendar: DeskCalendar,
): { cardNumbers: string[]; truncated: boolean } {
  const params: Params = { year: calendar.currentSchoolYear ?? '' };
  const where = whereOf(filter, params);
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const rows = db.sqlite
    .prepare(`SELECT ${ROSTER_COLUMNS} FROM cards c ${clause} ORDER BY c.search_last, c.search_first, c.card_number`)
    .all(params) as RosterSqlRow[];
  const due = rows.map((r) => rosterRow(r, calendar)).filter((r) => r.eligibility === 'DUE');
  return { cardNumbers: due.slice(0, SELECTION_CAP).map((r) => r.cardNumber), truncated: due.length > SELECTION_CAP };
}

export function cardByNumber(db: AppDatabase, cardNumber: string, calendar: DeskCalendar): CardView | null {
  const row = statements(db).byCard.get({ year: calendar.currentSchoolYear ?? '', value: cardNumber });
  if (!row) return null;
  return cardView(row, calendar, revalidationsForCard(db, cardNumber)[0] ?? null);
}

/** The desk field: recognise the number, check its format, find the card in the roster. */
export function deskLookup(db: AppDatabase, text: string, calendar: DeskCalendar): DeskLookupResult {
  const recognised = recogniseDeskInput(text);
  if (!recognised.ok) {
    log.info('desk input not recognised', { problem: recognised.problem });
    return {
      outcome: 'invalid',
      problem: recognised.problem,
      ...(recognised.digits !== undefined ? { digits: recognised.digits } : {}),
    };
  }
  const s = statements(db);
  const params = { year: calendar.currentSchoolYear ?? '', value: recognised.value };
  const row =
    recognised.kind === 'CARD_NUMBER'
      ? s.byCard.get(params)
      : recognised.kind === 'FILE_NUMBER'
        ? s.byFile.get(params)
        : s.byIne.get(params);
  if (!row) return { outcome: 'notInRoster', kind: recognised.kind, value: recognised.value };
  return {
    outcome: 'found',
    kind: recognised.kind,
    card: cardView(row, calendar, revalidationsForCard(db, row.card_number)[0] ?? null),
  };
}
