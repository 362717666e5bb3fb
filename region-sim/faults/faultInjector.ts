import { createPrng, type Prng } from '../seed/prng';
import { type CallFaults, type FaultConfig, type RouteId } from './faultTypes';

/**
 * Seeded fault decisions. Every call draws the same number of values in the same order whatever
 * the configuration, so one seed and one call sequence always give the same faults.
 */
export class FaultInjector {
  private config: FaultConfig = {};
  private prng: Prng;
  private readonly pendingInvalid = new Set<string>();
  clockSkewMs = 0;
  isOffline = false;
  cursorEpoch = 0;

  constructor(private readonly defaultSeed: number) {
    this.prng = createPrng(defaultSeed);
  }

  configure(config: FaultConfig): void {
    this.config = structuredClone(config);
    this.prng = createPrng(config.seed ?? this.defaultSeed);
  }

  reset(): void {
    this.config = {};
    this.prng = createPrng(this.defaultSeed);
    this.pendingInvalid.clear();
    this.clockSkewMs = 0;
    this.isOffline = false;
  }

  decide(route: RouteId): CallFaults {
    const c = this.config;
    const draws = [
      this.prng.next(),
      this.prng.next(),
      this.prng.next(),
      this.prng.next(),
      this.prng.next(),
      this.prng.next(),
    ];
    const [dLatency, dReset, dError, dErrorKind, dRate, dDrop] = draws as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const latency = c.latencyMs ? c.latencyMs.min + Math.floor(dLatency * (c.latencyMs.max - c.latencyMs.min + 1)) : 0;
    return {
      latencyMs: Math.max(0, latency),
      reset: dReset < (c.resetRate?.[route] ?? 0),
      error: dError < (c.errorRate?.[route] ?? 0) ? (dErrorKind < 0.5 ? 500 : 503) : null,
      rateLimited: dRate < (c.rateLimitRate?.[route] ?? 0),
      dropAfterCommit: dDrop < (c.dropAfterCommitRate?.[route] ?? 0),
    };
  }

  /** Per-item draws for feed pages. */
  feedDraw(kind: 'repeat' | 'outOfOrder'): boolean {
    const rate = kind === 'repeat' ? (this.config.repeatItemsRate ?? 0) : (this.config.outOfOrderRate ?? 0);
    if (rate <= 0) return false;
    return this.prng.next() < rate;
  }

  injectInvalidItem(feed: 'requests' | 'cards', uai: string): void {
    this.pendingInvalid.add(`${feed}:${uai}`);
  }

  takeInvalidItem(feed: 'requests' | 'cards', uai: string): boolean {
    return this.pendingInvalid.delete(`${feed}:${uai}`);
  }
}
