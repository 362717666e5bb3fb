/**
 * The Region's calendar as this workstation last saw it (`/me`, cached for offline use): the school
 * year to revalidate, its opening date, the wallet dates and this install's establishments. Today
 * is the Paris date of the Region's clock (local clock + measured skew) when known.
 */
import { parisDate } from '../../../../shared/domain/schoolYear';
import { type RevalidationCalendar } from '../../../../shared/domain/revalidationRules';
import { type Establishment, Me } from '../../../../shared/region-api/schemas';
import { ME_REFERENCE_KEY } from '../region/fetchMe';
import { type AppDatabase } from '../store/openDatabase';
import { getReference } from '../store/referenceRepo';

export interface DeskCalendar extends RevalidationCalendar {
  walletValidity: Me['walletValidity'] | null;
  establishments: Establishment[];
}

export function deskCalendar(db: AppDatabase, serverNowMs: number): DeskCalendar {
  const me = getReference(db, ME_REFERENCE_KEY, Me)?.value ?? null;
  const establishments = me?.establishments ?? [];
  return {
    currentSchoolYear: me?.currentSchoolYear ?? null,
    revalidationOpensOn: me?.revalidationOpensOn ?? null,
    walletValidity: me?.walletValidity ?? null,
    today: parisDate(new Date(serverNowMs)),
    ownUais: establishments.map((e) => e.uai),
    establishments,
  };
}
