/** The local copy of the cards feed (returning students), used offline for revalidation and search. */
import { count, eq } from 'drizzle-orm';
import { Card, type Card as CardT } from '../../../../shared/region-api/schemas';
import { normalizeForSearch } from '../../../../shared/text/normalizeForSearch';
import { type AppDatabase } from './openDatabase';
import { type UpsertReport } from './requestsRepo';
import { cards } from './schema';
import { statementCache } from './statementCache';
import { isSearchDeferred } from './bulkLoad';
import { indexNewStudent } from './studentSearchIndex';

const COLUMNS = [
  'card_number',
  'file_number',
  'version',
  'status',
  'last_name',
  'first_name',
  'birth_date',
  'ine',
  'establishment_uai',
  'last_revalidated_school_year',
  'wallet_active',
  'training_type',
  'class_label',
  'updated_at',
  'received_at',
  'search_last',
  'search_first',
] as const;

type CardParams = Record<(typeof COLUMNS)[number], string | number | null>;

const UPDATED = COLUMNS.filter((c) => c !== 'card_number');

const statements = statementCache((sqlite) => ({
  stored: sqlite.prepare<[string], { version: number }>('SELECT version FROM cards WHERE card_number = ?'),
  // Bound by position (`columnValues`), as separate arguments: see the requests' insert.
  insert: sqlite.prepare<Array<string | number | null>>(
    `INSERT INTO cards (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
  ),
  update: sqlite.prepare<CardParams>(
    `UPDATE cards SET ${UPDATED.map((c) => `${c} = @${c}`).join(', ')}
     WHERE card_number = @card_number AND version < @version`,
  ),
}));

/** The row's values in `COLUMNS` order, for the positional insert. */
function columnValues(params: CardParams): Array<string | number | null> {
  return COLUMNS.map((column) => params[column]);
}

export function cardParams(card: CardT, receivedAt: string): CardParams {
  return {
    card_number: card.cardNumber,
    file_number: card.fileNumber,
    version: card.version,
    status: card.status,
    last_name: card.student.lastName,
    first_name: card.student.firstName,
    birth_date: card.student.birthDate,
    ine: card.student.ine ?? null,
    establishment_uai: card.establishmentUai,
    last_revalidated_school_year: card.lastRevalidatedSchoolYear,
    wallet_active: card.walletActive ? 1 : 0,
    training_type: card.training?.type ?? null,
    class_label: card.training?.classLabel ?? null,
    updated_at: card.updatedAt,
    received_at: receivedAt,
    search_last: normalizeForSearch(card.student.lastName),
    search_first: normalizeForSearch(card.student.firstName),
  };
}

/** Same rules as requests: one transaction, only strictly newer versions replace a stored card. */
export function upsertCards(db: AppDatabase, list: readonly CardT[]): UpsertReport {
  const s = statements(db);
  const receivedAt = new Date().toISOString();
  let applied = 0;
  db.sqlite.transaction(() => {
    const searchDeferred = isSearchDeferred(db, 'card');
    for (const card of list) {
      const stored = s.stored.get(card.cardNumber);
      if (stored !== undefined) {
        if (card.version > stored.version) applied += s.update.run(cardParams(card, receivedAt)).changes;
        continue;
      }
      const params = cardParams(card, receivedAt);
      const inserted = s.insert.run(...columnValues(params));
      if (!searchDeferred) {
        indexNewStudent(
          db,
          'card',
          Number(inserted.lastInsertRowid),
          String(params.search_last),
          String(params.search_first),
        );
      }
      applied += 1;
    }
  })();
  return { applied, ignored: list.length - applied };
}

/** Rebuilds the Region's card from a row; zod-checked by the caller. */
export function cardFromRow(row: typeof cards.$inferSelect): unknown {
  return {
    cardNumber: row.cardNumber,
    fileNumber: row.fileNumber,
    version: row.version,
    status: row.status,
    student: {
      lastName: row.lastName,
      firstName: row.firstName,
      birthDate: row.birthDate,
      ...(row.ine === null ? {} : { ine: row.ine }),
    },
    establishmentUai: row.establishmentUai,
    lastRevalidatedSchoolYear: row.lastRevalidatedSchoolYear,
    walletActive: row.walletActive,
    ...(row.trainingType === null
      ? {}
      : { training: { type: row.trainingType, ...(row.classLabel === null ? {} : { classLabel: row.classLabel }) } }),
    updatedAt: row.updatedAt,
  };
}

export function getCard(db: AppDatabase, cardNumber: string): CardT | null {
  const row = db.orm.select().from(cards).where(eq(cards.cardNumber, cardNumber)).get();
  if (!row) return null;
  const parsed = Card.safeParse(cardFromRow(row));
  if (!parsed.success) {
    console.warn('[store] a stored card has an unreadable row; ignored');
    return null;
  }
  return parsed.data;
}

export function countCards(db: AppDatabase): number {
  return db.orm.select({ n: count() }).from(cards).get()?.n ?? 0;
}
