/**
 * Pre-validation decisions: recorded offline into the outbox, listed, undone while never sent,
 * resolved when the Region answered with a conflict or a refusal, and exported for support.
 */
import { type Handlers } from '../../../../shared/ipc/contract';
import { type HandlerContext } from './handlerContext';

type DecisionChannels =
  | 'decisions:record'
  | 'decisions:undo'
  | 'decisions:list'
  | 'decisions:problems'
  | 'decisions:resolve'
  | 'decisions:exportPending';

export function decisionsHandlers(context: HandlerContext): Pick<Handlers, DecisionChannels> {
  return {
    'decisions:record': (draft) => context.sync().recordDecision(draft),
    'decisions:undo': (input) => context.sync().undoDecision(input.decisionId),
    'decisions:list': () => ({ items: context.sync().listDecisions() }),
    'decisions:problems': () => ({ items: context.sync().listProblems() }),
    'decisions:resolve': (resolution) => context.sync().resolve(resolution),
    'decisions:exportPending': () => context.sync().exportPendingCsv(),
  };
}
