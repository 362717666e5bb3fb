/** `sync:status` and `sync:checkConnection`: the connection monitor's view. */
import { type Handlers } from '../../../../shared/ipc/contract';
import { type HandlerContext } from './handlerContext';

export function syncHandlers(context: HandlerContext): Pick<Handlers, 'sync:status' | 'sync:checkConnection'> {
  return {
    'sync:status': () => context.monitor.status(),
    'sync:checkConnection': () => context.monitor.check(),
  };
}
