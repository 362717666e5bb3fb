/** `settings:get` and `settings:update`; an update retargets the Region connection at once. */
import { type Handlers } from '../../../../shared/ipc/contract';
import { type HandlerContext } from './handlerContext';

export function settingsHandlers(context: HandlerContext): Pick<Handlers, 'settings:get' | 'settings:update'> {
  return {
    'settings:get': () => context.settings.get(),
    'settings:update': async (input) => {
      const view = await context.settings.update(input);
      await context.applySettings();
      return view;
    },
  };
}
