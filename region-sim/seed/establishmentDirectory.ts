import { makeUai } from '../../shared/domain/uai';
import { type Establishment } from '../../shared/region-api/schemas';
import { ESTABLISHMENT_PATRONS } from './frenchNames';
import { TOWNS, type Town } from './places';
import { type Prng } from './prng';

export interface EstablishmentDirectory {
  establishments: Establishment[];
  /** The demo cité scolaire: a lycée and an LP on one site (same postal code and city). */
  demoUais: [string, string];
}

const DIRECTORY_SIZE = 150;
const SITE_PAIRS = 24;

/**
 * ~150 establishments with valid UAIs. A share of them are lycée + LP pairs on one site, the
 * situation that makes students pick the wrong one (the reason redirections exist).
 */
export function buildEstablishmentDirectory(prng: Prng): EstablishmentDirectory {
  const sequences = new Map<string, number>();
  const nextUai = (departement: string): string => {
    const seq = (sequences.get(departement) ?? prng.int(1, 40)) + prng.int(1, 37);
    sequences.set(departement, seq);
    return makeUai(departement, seq);
  };
  const make = (town: Town, type: Establishment['type'], name: string): Establishment => ({
    uai: nextUai(town.departement),
    name,
    type,
    postalCode: town.postalCode,
    city: town.city,
    academie: town.academie,
  });

  const lille = TOWNS[0] as Town;
  const demoLycee = make(lille, 'LYCEE', 'Lycée Jean Exemple');
  const demoLp = make(lille, 'LP', 'Lycée professionnel Jean Exemple');
  const establishments: Establishment[] = [demoLycee, demoLp];

  const usedNames = new Set<string>(['Jean Exemple@LILLE']);
  const patronFor = (town: Town): string => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const patron = prng.pick(ESTABLISHMENT_PATRONS);
      const key = `${patron}@${town.city}`;
      if (!usedNames.has(key)) {
        usedNames.add(key);
        return patron;
      }
    }
    const fallback = `${prng.pick(ESTABLISHMENT_PATRONS)} ${usedNames.size}`;
    usedNames.add(`${fallback}@${town.city}`);
    return fallback;
  };

  for (let i = 1; i < SITE_PAIRS; i++) {
    const town = prng.pick(TOWNS);
    const patron = patronFor(town);
    establishments.push(make(town, 'LYCEE', `Lycée ${patron}`), make(town, 'LP', `Lycée professionnel ${patron}`));
  }
  while (establishments.length < DIRECTORY_SIZE) {
    const town = prng.pick(TOWNS);
    const roll = prng.next();
    const patron = patronFor(town);
    if (roll < 0.35) establishments.push(make(town, 'LYCEE', `Lycée ${patron}`));
    else if (roll < 0.6) establishments.push(make(town, 'LP', `Lycée professionnel ${patron}`));
    else if (roll < 0.82) establishments.push(make(town, 'LPO', `Lycée polyvalent ${patron}`));
    else if (roll < 0.9) establishments.push(make(town, 'EREA', `EREA ${patron}`));
    else establishments.push(make(town, 'CFA', `CFA ${patron}`));
  }
  establishments.sort((a, b) => (a.uai < b.uai ? -1 : a.uai > b.uai ? 1 : 0));
  return { establishments, demoUais: [demoLycee.uai, demoLp.uai] };
}
