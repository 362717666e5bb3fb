/**
 * The establishments directory cached by the sync engine (`establishments` table, weekly) and the
 * client's own establishments from the cached `/me`: looked up for a redirection's target.
 */
import { Establishment, Me } from '../../../../shared/region-api/schemas';
import { normalizeForSearch } from '../../../../shared/text/normalizeForSearch';
import { ME_REFERENCE_KEY } from '../region/fetchMe';
import { type AppDatabase } from '../store/openDatabase';
import { getReference } from '../store/referenceRepo';
import { statementCache } from '../store/statementCache';

export const MAX_ESTABLISHMENT_RESULTS = 50;

interface FoldedEstablishment {
  establishment: Establishment;
  folded: string;
}

interface DirectoryCache {
  signature: string;
  entries: FoldedEstablishment[];
}

const statements = statementCache((sqlite) => ({
  signature: sqlite.prepare<[], { n: number; latest: string | null }>(
    'SELECT COUNT(*) AS n, MAX(updated_at) AS latest FROM establishments',
  ),
  all: sqlite.prepare<[], Establishment>(
    'SELECT uai, name, type, postal_code AS postalCode, city, academie FROM establishments ORDER BY name, uai',
  ),
  one: sqlite.prepare<[string], Establishment>(
    'SELECT uai, name, type, postal_code AS postalCode, city, academie FROM establishments WHERE uai = ?',
  ),
  cache: { current: null as DirectoryCache | null },
}));

/** The establishments of this client, from the cached `/me` (empty before the first contact). */
export function clientEstablishments(db: AppDatabase): Establishment[] {
  return getReference(db, ME_REFERENCE_KEY, Me)?.value.establishments ?? [];
}

/** One directory entry; rows that no longer match the contract's shape are ignored. */
export function directoryEstablishment(db: AppDatabase, uai: string): Establishment | null {
  const row = statements(db).one.get(uai);
  const parsed = Establishment.safeParse(row);
  return parsed.success ? parsed.data : null;
}

/**
 * The directory with names folded once: the directory changes weekly and a few thousand names
 * folded on every keystroke would cost more than the query. Reloaded when its size or latest update
 * changes.
 */
function foldedDirectory(db: AppDatabase): FoldedEstablishment[] {
  const s = statements(db);
  const sig = s.signature.get();
  const signature = `${sig?.n ?? 0}|${sig?.latest ?? ''}`;
  if (s.cache.current?.signature !== signature) {
    const entries = s.all.all().flatMap((row) => {
      const parsed = Establishment.safeParse(row);
      return parsed.success ? [{ establishment: parsed.data, folded: foldedText(parsed.data) }] : [];
    });
    s.cache.current = { signature, entries };
  }
  return s.cache.current.entries;
}

function foldedText(e: Establishment): string {
  return ` ${normalizeForSearch(`${e.uai} ${e.name} ${e.city}`)} `;
}

/**
 * Establishments whose UAI, name or city match every word typed (word prefixes, accent- and
 * case-insensitive), the client's own first, at most 50. An empty query lists the client's own.
 */
export function searchEstablishments(db: AppDatabase, query: string): Establishment[] {
  const words = normalizeForSearch(query).split(' ').filter(Boolean);
  const own = clientEstablishments(db);
  const matches = (folded: string) => words.every((w) => folded.includes(` ${w}`));
  const out: Establishment[] = own.filter((e) => matches(foldedText(e)));
  if (words.length === 0) return out.slice(0, MAX_ESTABLISHMENT_RESULTS);
  const seen = new Set(out.map((e) => e.uai));
  for (const entry of foldedDirectory(db)) {
    if (out.length >= MAX_ESTABLISHMENT_RESULTS) break;
    if (!seen.has(entry.establishment.uai) && matches(entry.folded)) out.push(entry.establishment);
  }
  return out.slice(0, MAX_ESTABLISHMENT_RESULTS);
}
