/**
 * The pre-validation queue: one page of requests for a filter, its total and the tab counters, all
 * in SQL over the local store (20,000 rows: a page must cost a few milliseconds, as the renderer
 * asks for one on every keystroke and every scroll). Statements are built from the set of active
 * filters and prepared once per shape; values are always bound parameters.
 *
 * Tabs: toReview = SUBMITTED with no open local decision; prevalidated / rejected / redirected = the
 * Region's status, or a decision of that outcome waiting to be sent (PENDING/SENDING: a CONFLICT or
 * ERROR decision is shown under « en conflit » only, since the Region did not take it); conflicts =
 * local state CONFLICT or ERROR; pendingSend = PENDING or SENDING; all.
 * The counters apply every filter except the tab, so each tab shows what clicking it would list.
 */
import type Database from 'better-sqlite3';
import {
  QUEUE_VIEWS,
  type QueueCounters,
  type QueueFilter,
  type QueuePage,
  type QueueQuery,
  type QueueRow,
  type QueueView,
} from '../../../../shared/ipc/contract';
import { type AppDatabase } from '../store/openDatabase';
import { statementCache } from '../store/statementCache';
import { namesHaveWordStarting, parseStudentQuery } from '../store/studentQuery';
import { fillAddressFlags } from './addressFlags';
import { parisDayEnd, parisDayStart } from './submittedRange';

type Params = Record<string, string | number>;

/** Outcome of the decision waiting to be sent on this request (at most one is open at a time). */
const PENDING_OUTCOME = `(SELECT json_extract(o.body, '$.decision') FROM outbox o
  WHERE o.kind = 'PREVALIDATION' AND o.target_id = r.id AND o.state IN ('PENDING', 'SENDING')
  ORDER BY o.created_at DESC, o.id DESC LIMIT 1)`;

const PENDING = `r.local_state IN ('PENDING', 'SENDING')`;

const VIEW_CONDITIONS: Record<QueueView, string> = {
  toReview: `(r.status = 'SUBMITTED' AND r.local_state = 'SYNCED')`,
  prevalidated: `(r.status = 'PREVALIDATED' OR (${PENDING} AND ${PENDING_OUTCOME} = 'APPROVED'))`,
  rejected: `(r.status = 'REJECTED' OR (${PENDING} AND ${PENDING_OUTCOME} = 'REJECTED'))`,
  redirected: `(r.status = 'REDIRECTED' OR (${PENDING} AND ${PENDING_OUTCOME} = 'REDIRECTED'))`,
  conflicts: `r.local_state IN ('CONFLICT', 'ERROR')`,
  pendingSend: PENDING,
  all: '1',
};

const ORDER_BY: Record<NonNullable<QueueFilter['sort']>, string> = {
  submittedAsc: 'r.submitted_at, r.row_id',
  submittedDesc: 'r.submitted_at DESC, r.row_id DESC',
  nameAsc: 'r.search_last, r.search_first, r.row_id',
};

const ROW_COLUMNS = `r.id AS id, r.file_number AS fileNumber, r.version AS version, r.last_name AS lastName,
  r.first_name AS firstName, r.birth_date AS birthDate, r.status AS status, r.local_state AS localState,
  r.training_type AS trainingType, r.class_label AS classLabel, r.establishment_uai AS establishmentUai,
  r.submitted_at AS submittedAt, r.is_returning AS isReturning, r.photo_id IS NOT NULL AS hasPhoto,
  COALESCE(r.address_flags, 0) != 0 AS addressIncomplete`;

type RawRow = Omit<QueueRow, 'isReturningStudent' | 'hasPhoto' | 'addressIncomplete'> & {
  isReturning: number;
  hasPhoto: number;
  addressIncomplete: number;
};

/** Prepared statements by SQL text: a handful of filter shapes are used in practice. */
const preparedByShape = statementCache(() => new Map<string, Database.Statement>());

function prepared(db: AppDatabase, sql: string): Database.Statement {
  const cache = preparedByShape(db);
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.sqlite.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

interface Where {
  /** Conditions other than the tab, joined by AND. */
  conditions: string[];
  params: Params;
  /** The search can match nothing by construction (an empty folded query). */
  impossible: boolean;
}

/** The filter's conditions except the tab; the search goes through the student search's own parsing and index. */
function filterConditions(filter: QueueFilter): Where {
  const conditions: string[] = [];
  const params: Params = {};
  let impossible = false;
  if (filter.trainingType !== undefined) {
    conditions.push('r.training_type = @trainingType');
    params.trainingType = filter.trainingType;
  }
  if (filter.classLabel !== undefined && filter.classLabel !== '') {
    conditions.push('r.class_label = @classLabel');
    params.classLabel = filter.classLabel;
  }
  if (filter.submittedFrom !== undefined) {
    conditions.push('r.submitted_at >= @submittedFrom');
    params.submittedFrom = parisDayStart(filter.submittedFrom);
  }
  if (filter.submittedTo !== undefined) {
    conditions.push('r.submitted_at < @submittedTo');
    params.submittedTo = parisDayEnd(filter.submittedTo);
  }
  if (filter.returning !== undefined) conditions.push(`r.is_returning = ${filter.returning ? 1 : 0}`);
  if (filter.hasPhoto !== undefined) conditions.push(`r.photo_id IS ${filter.hasPhoto ? 'NOT NULL' : 'NULL'}`);
  if (filter.addressIncomplete !== undefined) {
    conditions.push(`COALESCE(r.address_flags, 0) ${filter.addressIncomplete ? '!=' : '='} 0`);
  }
  if (filter.search !== undefined) {
    const q = parseStudentQuery(filter.search);
    switch (q.kind) {
      case 'empty':
        // Blank or punctuation only: the box is as good as empty, like the student search treats it.
        if (filter.search.trim() !== '') impossible = true;
        break;
      case 'card':
        conditions.push('r.card_number = @search');
        params.search = q.cardNumber;
        break;
      case 'file':
        conditions.push('r.file_number = @search');
        params.search = q.fileNumber;
        break;
      case 'ine':
        conditions.push('r.ine = @search');
        params.search = q.ine;
        break;
      case 'name':
        // The student search's FTS index (requests are its even document ids).
        conditions.push(
          'r.row_id IN (SELECT rowid / 2 FROM student_search WHERE student_search MATCH @search AND rowid % 2 = 0)',
        );
        params.search = q.match;
        if (q.lastLetter !== null) {
          conditions.push(namesHaveWordStarting('r', '@searchLetter'));
          params.searchLetter = q.lastLetter;
        }
        break;
    }
  }
  return { conditions, params, impossible };
}

function whereClause(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

const EMPTY_COUNTERS: QueueCounters = {
  toReview: 0,
  prevalidated: 0,
  rejected: 0,
  redirected: 0,
  conflicts: 0,
  pendingSend: 0,
  all: 0,
};

function counters(db: AppDatabase, where: Where): QueueCounters {
  if (where.impossible) return { ...EMPTY_COUNTERS };
  const columns = QUEUE_VIEWS.map((view) => `COUNT(*) FILTER (WHERE ${VIEW_CONDITIONS[view]}) AS "${view}"`);
  const sql = `SELECT ${columns.join(', ')} FROM requests r ${whereClause(where.conditions)}`;
  const row = prepared(db, sql).get(where.params) as QueueCounters | undefined;
  return row ?? { ...EMPTY_COUNTERS };
}

function toRow(raw: RawRow): QueueRow {
  return {
    id: raw.id,
    fileNumber: raw.fileNumber,
    version: raw.version,
    lastName: raw.lastName,
    firstName: raw.firstName,
    birthDate: raw.birthDate,
    status: raw.status,
    localState: raw.localState,
    trainingType: raw.trainingType,
    classLabel: raw.classLabel,
    establishmentUai: raw.establishmentUai,
    submittedAt: raw.submittedAt,
    isReturningStudent: raw.isReturning === 1,
    hasPhoto: raw.hasPhoto === 1,
    addressIncomplete: raw.addressIncomplete === 1,
  };
}

/** One page of the queue, its total for the virtualized list's height, and the tab counters. */
export function queryQueue(db: AppDatabase, query: QueueQuery): QueuePage {
  fillAddressFlags(db);
  const where = filterConditions(query.filter);
  const tabCounters = counters(db, where);
  const total = tabCounters[query.filter.view];
  if (where.impossible || total === 0 || query.offset >= total) {
    return { total, offset: query.offset, rows: [], counters: tabCounters };
  }
  const conditions = [...where.conditions];
  if (query.filter.view !== 'all') conditions.push(VIEW_CONDITIONS[query.filter.view]);
  const sql = `SELECT ${ROW_COLUMNS} FROM requests r ${whereClause(conditions)}
    ORDER BY ${ORDER_BY[query.filter.sort ?? 'submittedAsc']} LIMIT @limit OFFSET @offset`;
  const rows = prepared(db, sql).all({ ...where.params, limit: query.limit, offset: query.offset }) as RawRow[];
  return { total, offset: query.offset, rows: rows.map(toRow), counters: tabCounters };
}
