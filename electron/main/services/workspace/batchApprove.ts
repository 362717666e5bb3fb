/**
 * Batch approval: the same APPROVED + COMPLIANT decision recorded on each selected request through
 * the sync engine (one transaction each, as a single click would). Never a batch rejection: refusing
 * needs reasons chosen for each student. Requests that cannot be approved are listed with why.
 */
import { type z } from 'zod';
import { type BatchApprove, type BatchApproveResult } from '../../../../shared/ipc/contract';
import { type DecisionDraft } from '../../../../shared/schemas/domain';
import { hasFrenchMessage } from '../ipc/errorToResult';
import { createLogger } from '../log/logger';
import { type AppDatabase } from '../store/openDatabase';
import { statementCache } from '../store/statementCache';
import { type SyncEngine } from '../sync/syncEngine';

const log = createLogger('workspace.batch');

export const BATCH_MESSAGES = {
  notCached: 'Cette demande n’est pas (ou plus) dans les données de ce poste.',
  notSubmitted: 'Cette demande n’attend plus de pré-validation : elle a déjà été traitée.',
  openDecision: 'Une décision est déjà enregistrée pour cette demande (en attente d’envoi, en conflit ou en erreur).',
  noPhoto: 'Cette demande n’a pas de photo : elle ne peut pas être pré-validée.',
  duplicate: 'Cette demande figure deux fois dans la sélection.',
} as const;

const statements = statementCache((sqlite) => ({
  state: sqlite.prepare<[string], { status: string; localState: string; photoId: string | null }>(
    'SELECT status, local_state AS localState, photo_id AS photoId FROM requests WHERE id = ?',
  ),
}));

export function approveBatch(
  db: AppDatabase,
  engine: Pick<SyncEngine, 'recordDecision'>,
  input: z.infer<typeof BatchApprove>,
): z.infer<typeof BatchApproveResult> {
  const s = statements(db);
  const result: z.infer<typeof BatchApproveResult> = { recorded: [], refused: [] };
  const seen = new Set<string>();
  for (const item of input.items) {
    const refuse = (message: string) => result.refused.push({ requestId: item.requestId, message });
    if (seen.has(item.requestId)) {
      refuse(BATCH_MESSAGES.duplicate);
      continue;
    }
    seen.add(item.requestId);
    const row = s.state.get(item.requestId);
    if (!row) refuse(BATCH_MESSAGES.notCached);
    else if (row.localState !== 'SYNCED') refuse(BATCH_MESSAGES.openDecision);
    else if (row.status !== 'SUBMITTED') refuse(BATCH_MESSAGES.notSubmitted);
    else if (row.photoId === null) refuse(BATCH_MESSAGES.noPhoto);
    else {
      const draft: DecisionDraft = {
        requestId: item.requestId,
        seenVersion: item.seenVersion,
        decision: 'APPROVED',
        photoVerdict: 'COMPLIANT',
        reasonCodes: [],
      };
      try {
        result.recorded.push(engine.recordDecision(draft));
      } catch (error) {
        // The ledger's own checks (a version this workstation never saw…) carry a French message.
        if (!hasFrenchMessage(error)) throw error;
        refuse(error.messageFr);
      }
    }
  }
  log.info('batch approval', { asked: input.items.length, recorded: result.recorded.length });
  return result;
}
