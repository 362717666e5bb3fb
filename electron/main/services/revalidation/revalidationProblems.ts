/**
 * Revalidations the Region refused (ERROR) or found already done elsewhere this year (CONFLICT):
 * listed beside the decisions on the Conflits page, each one dismissed by staff once followed up
 * (the student told, the other establishment called). A revalidation has no version to re-decide
 * on, so « drop » is the only way out; it stays in the outbox as DROPPED, with its story.
 */
import { type RevalidationView } from '../../../../shared/schemas/revalidation';
import { HandlerError } from '../ipc/errorToResult';
import { createLogger } from '../log/logger';
import { type AppDatabase } from '../store/openDatabase';
import { setOutboxOutcome, type OutboxRow } from '../store/outboxRepo';
import { statementCache } from '../store/statementCache';
import { revalidationView } from './revalidationViews';

const log = createLogger('revalidation.problems');

export const REVALIDATION_PROBLEM_MESSAGES = {
  notFound: 'Cette revalidation n’existe pas sur ce poste.',
  notDismissable: 'Seule une revalidation en conflit ou en erreur peut être abandonnée.',
  dismissed: 'Abandonnée par le secrétariat après suivi.',
} as const;

const statements = statementCache((sqlite) => ({
  problems: sqlite.prepare<[], OutboxRow>(
    `SELECT * FROM outbox WHERE kind = 'REVALIDATION' AND state IN ('CONFLICT', 'ERROR')
      ORDER BY created_at, id`,
  ),
  byId: sqlite.prepare<[string], OutboxRow>("SELECT * FROM outbox WHERE id = ? AND kind = 'REVALIDATION'"),
  names: sqlite.prepare<[string], { lastName: string; firstName: string }>(
    'SELECT last_name AS lastName, first_name AS firstName FROM cards WHERE card_number = ?',
  ),
}));

function view(db: AppDatabase, row: OutboxRow): RevalidationView {
  return revalidationView(row, statements(db).names.get(row.target_id) ?? null);
}

export function listRevalidationProblems(db: AppDatabase): RevalidationView[] {
  return statements(db)
    .problems.all()
    .map((row) => view(db, row));
}

export function dismissRevalidation(db: AppDatabase, id: string, nowIso: string): RevalidationView {
  const s = statements(db);
  const row = s.byId.get(id);
  if (row === undefined) throw new HandlerError('NOT_FOUND', REVALIDATION_PROBLEM_MESSAGES.notFound);
  if (row.state !== 'CONFLICT' && row.state !== 'ERROR') {
    throw new HandlerError('CONFLICT', REVALIDATION_PROBLEM_MESSAGES.notDismissable);
  }
  setOutboxOutcome(
    db,
    row.id,
    {
      state: 'DROPPED',
      httpStatus: row.last_http_status,
      errorCode: row.last_error_code,
      messageFr: REVALIDATION_PROBLEM_MESSAGES.dismissed,
      errorCodes: row.error_codes ? (JSON.parse(row.error_codes) as string[]) : null,
    },
    nowIso,
  );
  log.info('revalidation dismissed', { revalidationId: row.id, was: row.state });
  const updated = s.byId.get(id);
  if (updated === undefined) throw new HandlerError('NOT_FOUND', REVALIDATION_PROBLEM_MESSAGES.notFound);
  return view(db, updated);
}
