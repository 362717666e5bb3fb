/**
 * The establishment a redirection most often goes to: the other half of the same site. A lycée
 * général et technologique and a lycée professionnel often share an address (a « cité scolaire »
 * when both are this client's, in which case `/me` lists the two UAIs); a student enrolled in the
 * wrong one is redirected to the other.
 */
import { type Establishment } from '../../../../shared/region-api/schemas';
import { type AppDatabase } from '../store/openDatabase';
import { statementCache } from '../store/statementCache';
import { clientEstablishments, directoryEstablishment } from './establishmentDirectory';

type EstablishmentType = Establishment['type'];

/** Which types complement which: general ↔ vocational; an LPO (both) pairs with either. */
const COMPLEMENTS: Partial<Record<EstablishmentType, readonly EstablishmentType[]>> = {
  LYCEE: ['LP', 'LPO'],
  LP: ['LYCEE', 'LPO'],
  LPO: ['LYCEE', 'LP'],
};

const statements = statementCache((sqlite) => ({
  sameSite: sqlite.prepare<[string, string, string], Establishment>(
    `SELECT uai, name, type, postal_code AS postalCode, city, academie FROM establishments
      WHERE postal_code = ? AND city = ? COLLATE NOCASE AND uai != ? ORDER BY uai`,
  ),
}));

/** The sibling of `uai` on the same site, or null when none is known. */
export function siblingEstablishment(db: AppDatabase, uai: string): Establishment | null {
  const own = clientEstablishments(db);
  const self = own.find((e) => e.uai === uai) ?? directoryEstablishment(db, uai);
  const others = own.filter((e) => e.uai !== uai);
  // A cité scolaire: the client's two UAIs are the two halves of the site, whatever their types.
  if (own.length === 2 && others.length === 1 && others[0]) return others[0];
  if (!self) return null;
  const wanted = COMPLEMENTS[self.type] ?? [];
  if (wanted.length === 0) return null;
  const sameSite = (e: Establishment) =>
    e.postalCode === self.postalCode && e.city.localeCompare(self.city, 'fr', { sensitivity: 'base' }) === 0;
  const candidates = [
    ...others.filter(sameSite),
    ...statements(db).sameSite.all(self.postalCode, self.city, uai),
  ].filter((e) => wanted.includes(e.type));
  // The directly complementary type (LYCEE ↔ LP) before an LPO.
  candidates.sort((a, b) => wanted.indexOf(a.type) - wanted.indexOf(b.type));
  return candidates[0] ?? null;
}
