/**
 * Student search over requests and cards together, for the search box and the revalidation desk.
 * Runs on every keystroke, so every query is a statement prepared once per connection.
 */
import type Database from 'better-sqlite3';
import { type StudentSearchHit } from '../../../../shared/schemas/domain';
import { type AppDatabase } from './openDatabase';
import { statementCache } from './statementCache';
import { namesHaveWordStarting, parseStudentQuery, type StudentQuery } from './studentQuery';

export const MAX_SEARCH_LIMIT = 200;

/** Hit columns as selected below; the values were validated by zod before they were stored. */
type HitRow = Omit<StudentSearchHit, 'kind'> & { kind: 0 | 1 };

const REQUEST_HIT = `0 AS kind, r.id AS id, r.file_number AS fileNumber, r.card_number AS cardNumber, r.ine AS ine,
  r.last_name AS lastName, r.first_name AS firstName, r.birth_date AS birthDate, r.status AS status,
  r.training_type AS trainingType, r.class_label AS classLabel, r.establishment_uai AS establishmentUai`;
const CARD_HIT = `1 AS kind, c.card_number AS id, c.file_number AS fileNumber, c.card_number AS cardNumber, c.ine AS ine,
  c.last_name AS lastName, c.first_name AS firstName, c.birth_date AS birthDate, c.status AS status,
  c.training_type AS trainingType, c.class_label AS classLabel, c.establishment_uai AS establishmentUai`;

/** The same identifier looked up in both tables; requests first, as they are what staff act on. */
function exactSql(requestColumn: string, cardColumn: string): string {
  return `SELECT * FROM (
      SELECT ${REQUEST_HIT}, r.search_last AS sl, r.search_first AS sf FROM requests r WHERE r.${requestColumn} = @value
      UNION ALL
      SELECT ${CARD_HIT}, c.search_last AS sl, c.search_first AS sf FROM cards c WHERE c.${cardColumn} = @value
    ) ORDER BY kind, sl, sf, id LIMIT @limit`;
}

/**
 * Above this many index hits a name query is "dense" (« ma », « le »): walking the names in display
 * order and stopping after one page is cheaper than sorting every hit. Below it, the FTS hits are few
 * enough to sort. Measured on 50k requests + 50k cards: both paths stay around a millisecond.
 */
const DENSE_HITS = 6_000;

const namesKey = `' ' || search_last || ' ' || search_first || ' '`;

const statements = statementCache((sqlite) => {
  const walks = new Map<number, Database.Statement<Record<string, string | number>, { doc: number }>>();
  return {
    byCard: sqlite.prepare<{ value: string; limit: number }, HitRow>(exactSql('card_number', 'card_number')),
    byFile: sqlite.prepare<{ value: string; limit: number }, HitRow>(exactSql('file_number', 'file_number')),
    byIne: sqlite.prepare<{ value: string; limit: number }, HitRow>(exactSql('ine', 'ine')),
    countHits: sqlite.prepare<{ match: string }, { n: number }>(
      'SELECT count(*) AS n FROM student_search WHERE student_search MATCH @match',
    ),
    // « Exact name » means the folded query equals the last name, or last+first, or first+last name:
    // so the last name is a word-prefix or word-suffix of the query, which the index can look up.
    exactDocs: sqlite.prepare<{ candidates: string; folded: string; limit: number }, { doc: number }>(
      `SELECT doc FROM student_names
        WHERE search_last IN (SELECT value FROM json_each(@candidates))
          AND (search_last = @folded OR search_last || ' ' || search_first = @folded
               OR search_first || ' ' || search_last = @folded)
        ORDER BY search_last, search_first, doc LIMIT @limit`,
    ),
    // `letter`: StudentQuery's `lastLetter`, checked on the names of the hits (null: none).
    sparseDocs: sqlite.prepare<{ match: string; letter: string | null; limit: number }, { doc: number }>(
      `SELECT n.doc FROM student_search s JOIN student_names n ON n.doc = s.rowid
        WHERE student_search MATCH @match AND (@letter IS NULL OR ${namesHaveWordStarting('n', '@letter')})
        ORDER BY n.search_last, n.search_first, n.doc LIMIT @limit`,
    ),
    /** Same matching rule as the FTS query, on the folded keys (words of [a-z0-9] joined by one space). */
    walk(words: number) {
      let statement = walks.get(words);
      if (!statement) {
        const conditions = Array.from({ length: words }, (_, i) => `instr(${namesKey}, @w${i}) > 0`).join(' AND ');
        statement = sqlite.prepare(
          `SELECT doc FROM student_names WHERE ${conditions} ORDER BY search_last, search_first, doc LIMIT @limit`,
        );
        walks.set(words, statement);
      }
      return statement;
    },
    requestsByDoc: sqlite.prepare<{ rowIds: string }, HitRow & { rowId: number }>(
      `SELECT ${REQUEST_HIT}, r.row_id AS rowId FROM requests r WHERE r.row_id IN (SELECT value FROM json_each(@rowIds))`,
    ),
    cardsByDoc: sqlite.prepare<{ rowIds: string }, HitRow & { rowId: number }>(
      `SELECT ${CARD_HIT}, c.row_id AS rowId FROM cards c WHERE c.row_id IN (SELECT value FROM json_each(@rowIds))`,
    ),
  };
});

type Statements = ReturnType<typeof statements>;

/** Word-prefixes and word-suffixes of the query: the only last names an exact match can have. */
function lastNameCandidates(words: readonly string[]): string[] {
  const out = new Set<string>();
  for (let i = 1; i <= words.length; i++) {
    out.add(words.slice(0, i).join(' '));
    out.add(words.slice(words.length - i).join(' '));
  }
  return [...out];
}

function nameDocs(
  s: Statements,
  q: Extract<StudentQuery, { kind: 'name' }>,
  limit: number,
  denseHits: number,
): number[] {
  const exact = s.exactDocs
    .all({ candidates: JSON.stringify(lastNameCandidates(q.words)), folded: q.folded, limit })
    .map((r) => r.doc);
  const wanted = limit + exact.length;
  const dense = (s.countHits.get({ match: q.match })?.n ?? 0) > denseHits;
  let rest: number[];
  if (dense) {
    const params: Record<string, string | number> = { limit: wanted };
    q.words.forEach((w, i) => {
      params[`w${i}`] = w.length === 1 && i < q.words.length - 1 ? ` ${w} ` : ` ${w}`;
    });
    rest = s
      .walk(q.words.length)
      .all(params)
      .map((r) => r.doc);
  } else {
    rest = s.sparseDocs.all({ match: q.match, letter: q.lastLetter, limit: wanted }).map((r) => r.doc);
  }
  const seen = new Set(exact);
  return [...exact, ...rest.filter((doc) => !seen.has(doc))].slice(0, limit);
}

/** Loads the rows of the chosen documents (request: even id, card: odd) and keeps their order. */
function rowsForDocs(s: Statements, docs: readonly number[]): HitRow[] {
  const requestIds = docs.filter((d) => d % 2 === 0).map((d) => d / 2);
  const cardIds = docs.filter((d) => d % 2 === 1).map((d) => (d - 1) / 2);
  const byDoc = new Map<number, HitRow>();
  if (requestIds.length > 0) {
    for (const row of s.requestsByDoc.all({ rowIds: JSON.stringify(requestIds) })) byDoc.set(row.rowId * 2, row);
  }
  if (cardIds.length > 0) {
    for (const row of s.cardsByDoc.all({ rowIds: JSON.stringify(cardIds) })) byDoc.set(row.rowId * 2 + 1, row);
  }
  return docs.flatMap((doc) => byDoc.get(doc) ?? []);
}

function toHit(row: HitRow): StudentSearchHit {
  return {
    kind: row.kind === 0 ? 'request' : 'card',
    id: row.id,
    fileNumber: row.fileNumber,
    cardNumber: row.cardNumber,
    ine: row.ine,
    lastName: row.lastName,
    firstName: row.firstName,
    birthDate: row.birthDate,
    status: row.status,
    trainingType: row.trainingType,
    classLabel: row.classLabel,
    establishmentUai: row.establishmentUai,
  };
}

export interface SearchTuning {
  /** Index hits above which names are walked in order rather than sorted; both give the same hits. */
  denseHits: number;
}

export function searchStudents(db: AppDatabase, query: string, limit = 50): StudentSearchHit[] {
  return searchStudentsTuned(db, query, limit, { denseHits: DENSE_HITS });
}

/** searchStudents with its strategy threshold exposed, so tests and the bench can force either path. */
export function searchStudentsTuned(
  db: AppDatabase,
  query: string,
  limit: number,
  tuning: SearchTuning,
): StudentSearchHit[] {
  const capped = Math.max(1, Math.min(MAX_SEARCH_LIMIT, Math.trunc(Number.isFinite(limit) ? limit : 50)));
  const q = parseStudentQuery(query);
  const s = statements(db);
  let rows: HitRow[];
  switch (q.kind) {
    case 'empty':
      return [];
    case 'card':
      rows = s.byCard.all({ value: q.cardNumber, limit: capped });
      break;
    case 'file':
      rows = s.byFile.all({ value: q.fileNumber, limit: capped });
      break;
    case 'ine':
      rows = s.byIne.all({ value: q.ine, limit: capped });
      break;
    case 'name':
      rows = rowsForDocs(s, nameDocs(s, q, capped, tuning.denseHits));
      break;
  }
  return rows.map(toHit);
}
