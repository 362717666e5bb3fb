/**
 * Pre-validation decisions: recorded offline into the outbox, listed, undone while never sent,
 * resolved when the Region answered with a conflict or a refusal, exported for support, and approved
 * in batches (never rejected in batches).
 */
import { type Handlers } from '../../../../shared/ipc/contract';
import { approveBatch } from '../workspace/batchApprove';
import { type HandlerContext } from './handlerContext';

type DecisionChannels =
  | 'decisions:record'
  | 'decisions:undo'
  | 'decisions:list'
  | 'decisions:problems'
  | 'decisions:resolve'
  | 'decisions:exportPending'
  | 'decisions:approveBatch';

export function decisionsHandlers(context: HandlerContext): Pick<Handlers, DecisionChannels> {
  return {
    'decisions:record': (draft) => context.sync().recordDecision(draft),
    'decisions:undo': (input) => context.sync().undoDecision(input.decisionId),
    'decisions:list': () => ({ items: context.sync().listDecisions() }),
    'decisions:problems': () => ({ items: context.sync().listProblems() }),
    'decisions:resolve': (resolution) => context.sync().resolve(resolution),
    'decisions:exportPending': () => context.sync().exportPendingCsv(),
    'decisions:approveBatch': (input) => approveBatch(context.db, context.sync(), input),
  };
}
