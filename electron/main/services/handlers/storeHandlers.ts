/** `store:stats`: what the local cache holds, for the status screen and the bench. */
import { type Handlers } from '../../../../shared/ipc/contract';
import { countCards } from '../store/cardsRepo';
import { countRequests } from '../store/requestsRepo';
import { type HandlerContext } from './handlerContext';

export function storeHandlers(context: HandlerContext): Pick<Handlers, 'store:stats'> {
  return {
    'store:stats': () => ({
      requests: countRequests(context.db),
      cards: countCards(context.db),
      schemaVersion: context.db.schemaVersion,
    }),
  };
}
