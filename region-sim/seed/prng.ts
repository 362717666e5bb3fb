/**
 * Seeded pseudo-random numbers. The simulator must replay the same dataset and the same fault
 * sequence for a given seed, so nothing here touches Math.random or the clock.
 */
export interface Prng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A random RFC 9562 version-4 UUID, reproducible from the seed. */
  uuid(): string;
  hex(length: number): string;
}

const HEX = '0123456789abcdef';

/** mulberry32: tiny, fast and good enough for test data (not for secrets). */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  // Eight hex digits per draw: the generator makes hundreds of thousands of ids.
  const hex = (length: number): string => {
    let out = '';
    while (out.length < length)
      out += Math.floor(next() * 4294967296)
        .toString(16)
        .padStart(8, '0');
    return out.slice(0, length);
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('prng: cannot pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    uuid() {
      const variant = HEX[8 + Math.floor(next() * 4)] ?? '8';
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
    },
    hex,
  };
}
