/** Reference lists for the decision form: the reasons catalogue and the establishments directory. */
import { type Handlers } from '../../../../shared/ipc/contract';
import { searchEstablishments } from '../workspace/establishmentDirectory';
import { cachedReasons } from '../workspace/reasonCatalog';
import { type HandlerContext } from './handlerContext';

export function referenceHandlers(
  context: HandlerContext,
): Pick<Handlers, 'reference:reasons' | 'reference:establishments'> {
  return {
    'reference:reasons': () => ({ items: cachedReasons(context.db) }),
    'reference:establishments': (input) => ({ items: searchEstablishments(context.db, input.query) }),
  };
}
