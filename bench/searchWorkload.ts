/**
 * A deterministic mixed search workload drawn from the dataset, shaped like a secretariat's typing:
 * name prefixes of 2–6 letters (as typed, accents and case varying), first+last names, file numbers
 * and card numbers typed in groups of four.
 */
import { type Dataset } from '../region-sim/seed/generateDataset';

export type QueryKind = 'name' | 'file' | 'card';
export interface BenchQuery {
  kind: QueryKind;
  text: string;
}

/** Small deterministic generator, so two runs measure the same queries. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function buildSearchWorkload(data: Dataset, count: number, seed = 42): BenchQuery[] {
  const next = lcg(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const queries: BenchQuery[] = [];
  for (let i = 0; i < count; i++) {
    const roll = next();
    const request = pick(data.requests);
    if (roll < 0.6) {
      const name = next() < 0.5 ? request.student.lastName : request.student.firstName;
      const length = 2 + Math.floor(next() * 5); // 2..6 letters
      const typed = name.slice(0, length);
      const variant = next();
      // Some typed as is (accents kept), some in capitals, some without accents.
      const text =
        variant < 0.4
          ? typed
          : variant < 0.7
            ? typed.toUpperCase()
            : typed
                .normalize('NFD')
                .replace(/[\u0300-\u036f]/g, '')
                .toLowerCase();
      queries.push({ kind: 'name', text });
    } else if (roll < 0.7) {
      queries.push({ kind: 'name', text: `${request.student.firstName} ${request.student.lastName.slice(0, 3)}` });
    } else if (roll < 0.85) {
      queries.push({ kind: 'file', text: next() < 0.5 ? request.fileNumber : request.fileNumber.toLowerCase() });
    } else {
      const card = pick(data.cards);
      queries.push({ kind: 'card', text: card.cardNumber.replace(/(\d{4})(?=\d)/g, '$1 ') });
    }
  }
  return queries;
}
