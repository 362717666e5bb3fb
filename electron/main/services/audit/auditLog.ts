/**
 * The append-only audit log: who (staff account id), when, what action, which record (an id, never
 * personal data), chained by hash. Services append directly (`append`); the dispatcher appends after
 * successful calls of audited channels (see auditedChannels.ts).
 */
import { type AuditAction, AuditDetail, type AuditEntry, type AuditFilter } from '../../../../shared/schemas/audit';
import { createLogger } from '../log/logger';
import { type AppDatabase } from '../store/openDatabase';
import { chainHash, type ChainCheck, GENESIS_HASH, type StoredRow, verifyChain } from './auditChain';

const log = createLogger('audit.log');

export interface AuditAppend {
  /** Staff account id, `system` for the services themselves, `unknown` for an unknown login. */
  actorId: string;
  action: AuditAction;
  recordId?: string | null;
  /** Ids, counts and codes only. */
  detail?: AuditDetail;
}

/** What other services need: the part that appends. */
export interface AuditLog {
  append(entry: AuditAppend): AuditEntry;
}

export interface AuditLogService extends AuditLog {
  list(filter: AuditFilter, offset: number, limit: number): { total: number; rows: AuditEntry[] };
  /** Every matching row, oldest first (for the CSV export). */
  all(filter: AuditFilter): AuditEntry[];
  verify(): ChainCheck;
}

interface Row {
  seq: number;
  at: string;
  actor: string;
  action: string;
  record_id: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
}

function toStored(row: Row): StoredRow {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    recordId: row.record_id,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function toEntry(row: Row): AuditEntry {
  let detail: AuditDetail | null = null;
  if (row.details !== null) {
    try {
      const parsed = AuditDetail.safeParse(JSON.parse(row.details));
      detail = parsed.success ? parsed.data : null;
    } catch {
      detail = null;
    }
  }
  return {
    seq: row.seq,
    at: row.at,
    actorId: row.actor,
    action: row.action,
    recordId: row.record_id,
    detail,
    hash: row.hash,
  };
}

function where(filter: AuditFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.from) {
    clauses.push('at >= ?');
    params.push(new Date(filter.from).toISOString());
  }
  if (filter.to) {
    clauses.push('at <= ?');
    params.push(new Date(filter.to).toISOString());
  }
  if (filter.actorId) {
    clauses.push('actor = ?');
    params.push(filter.actorId);
  }
  if (filter.action) {
    clauses.push('action = ?');
    params.push(filter.action);
  }
  if (filter.recordId) {
    clauses.push('record_id = ?');
    params.push(filter.recordId);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export function createAuditLog(options: { db: AppDatabase; now?: () => Date }): AuditLogService {
  const sqlite = options.db.sqlite;
  const now = options.now ?? (() => new Date());
  const lastRow = sqlite.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const nextSeq = sqlite.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM audit_log');
  const insert = sqlite.prepare(
    `INSERT INTO audit_log (seq, at, actor, action, record_id, details, prev_hash, hash)
     VALUES (@seq, @at, @actor, @action, @recordId, @details, @prevHash, @hash)`,
  );

  // One transaction reads the head and inserts the next link, so two appends never share a parent.
  const appendTx = sqlite.transaction((entry: AuditAppend): AuditEntry => {
    const detail = entry.detail === undefined ? null : AuditDetail.parse(entry.detail);
    const prevHash = (lastRow.get() as { hash: string } | undefined)?.hash ?? GENESIS_HASH;
    const row = {
      seq: (nextSeq.get() as { seq: number }).seq,
      at: now().toISOString(),
      actor: entry.actorId,
      action: entry.action,
      recordId: entry.recordId ?? null,
      details: detail === null ? null : JSON.stringify(detail),
    };
    const hash = chainHash(prevHash, row);
    insert.run({ ...row, prevHash, hash });
    return { seq: row.seq, at: row.at, actorId: row.actor, action: row.action, recordId: row.recordId, detail, hash };
  });

  return {
    append(entry) {
      const written = appendTx.immediate(entry);
      log.info('audit entry appended', { seq: written.seq, action: written.action });
      return written;
    },
    list(filter, offset, limit) {
      const { sql, params } = where(filter);
      const total = (sqlite.prepare(`SELECT COUNT(*) AS n FROM audit_log ${sql}`).get(...params) as { n: number }).n;
      const rows = sqlite
        .prepare(`SELECT * FROM audit_log ${sql} ORDER BY seq DESC LIMIT ? OFFSET ?`)
        .all(...params, limit, offset) as Row[];
      return { total, rows: rows.map(toEntry) };
    },
    all(filter) {
      const { sql, params } = where(filter);
      return (sqlite.prepare(`SELECT * FROM audit_log ${sql} ORDER BY seq`).all(...params) as Row[]).map(toEntry);
    },
    verify() {
      const rows = sqlite.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<Row>;
      function* stored(): Generator<StoredRow> {
        for (const row of rows) yield toStored(row);
      }
      const check = verifyChain(stored());
      if (!check.ok) log.warn('audit chain broken', { seq: check.brokenAtSeq, problem: check.problem });
      return check;
    },
  };
}
