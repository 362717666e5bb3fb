import { createPrng } from '../../../region-sim/seed/prng';

/** The simulator's seeded PRNG (mulberry32), so a failing run's jitter and picks replay from its seed. */
export function seededRandom(seed: number): () => number {
  const prng = createPrng(seed);
  return () => prng.next();
}
