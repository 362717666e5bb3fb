import { type BenchGroup } from '../benchRow';
import { searchGroup } from './search';
import { storeGroup } from './store';
import { syncGroup } from './sync';
import { syncCrashGroup } from './syncCrash';
import { revalGroup } from './reval';
import { secureGroup } from './secure';
import { uiGroup } from './ui';
import { photoGroup } from './photo';

/** Every benchmark group, run in this order by `npm run bench`; later: sync, ui, photo, reval, secure. */
export const GROUPS: readonly BenchGroup[] = [
  storeGroup,
  searchGroup,
  syncGroup,
  syncCrashGroup,
  uiGroup,
  photoGroup,
  revalGroup,
  secureGroup,
];
