/** The reasons catalogue cached by the sync engine (active and retired: old decisions name retired ones). */
import { ReasonCatalog, type Reason } from '../../../../shared/region-api/schemas';
import { type AppDatabase } from '../store/openDatabase';
import { getReference } from '../store/referenceRepo';
import { REASONS_REFERENCE_KEY } from '../sync/referenceSync';

export function cachedReasons(db: AppDatabase): Reason[] {
  return getReference(db, REASONS_REFERENCE_KEY, ReasonCatalog)?.value.items ?? [];
}
