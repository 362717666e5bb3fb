/** `app:info`: answered from the cached `/me` reference, so it works offline too. */
import { type AppInfo, type Handlers } from '../../../../shared/ipc/contract';
import { Me } from '../../../../shared/region-api/schemas';
import { ME_REFERENCE_KEY } from '../region/fetchMe';
import { getReference } from '../store/referenceRepo';
import { type HandlerContext } from './handlerContext';

export function appHandlers(context: HandlerContext): Pick<Handlers, 'app:info'> {
  return {
    'app:info': async (): Promise<AppInfo> => {
      const settings = await context.settings.effective();
      const me = getReference(context.db, ME_REFERENCE_KEY, Me)?.value ?? null;
      // A profile cached for another client (before a demo ↔ live switch) would show the wrong UAIs.
      const current = me && me.clientId === context.region.client()?.clientId ? me : null;
      return {
        appVersion: context.appVersion,
        mode: settings.mode,
        shell: context.shell,
        clientKind: current?.kind ?? null,
        establishments: current?.establishments ?? [],
        antennaName: current?.antenna?.name ?? null,
        currentSchoolYear: current?.currentSchoolYear ?? null,
        revalidationOpensOn: current?.revalidationOpensOn ?? null,
        walletValidity: current?.walletValidity ?? null,
      };
    },
  };
}
