/** `sync:status`, `sync:checkConnection` and `sync:run`: the sync engine's view and triggers. */
import { type Handlers } from '../../../../shared/ipc/contract';
import { type HandlerContext } from './handlerContext';

export function syncHandlers(
  context: HandlerContext,
): Pick<Handlers, 'sync:status' | 'sync:checkConnection' | 'sync:run'> {
  return {
    'sync:status': () => context.sync().status(),
    'sync:checkConnection': () => context.sync().checkConnection(),
    'sync:run': () => context.sync().syncNow('manual'),
  };
}
