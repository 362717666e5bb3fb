/** Fixed-window counters per client, as the Region announces them with RateLimit-* headers. */
export interface RateWindow {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { startMs: number; count: number }>();

  constructor(
    readonly limit: number,
    private readonly windowMs: number,
  ) {}

  hit(key: string, nowMs: number): RateWindow {
    let window = this.windows.get(key);
    if (!window || nowMs - window.startMs >= this.windowMs || nowMs < window.startMs) {
      window = { startMs: nowMs, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    const resetSeconds = Math.max(1, Math.ceil((window.startMs + this.windowMs - nowMs) / 1000));
    return {
      allowed: window.count <= this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - window.count),
      resetSeconds,
    };
  }

  reset(): void {
    this.windows.clear();
  }
}

export function rateLimitHeaders(window: RateWindow): Record<string, string> {
  return {
    'RateLimit-Limit': String(window.limit),
    'RateLimit-Remaining': String(window.remaining),
    'RateLimit-Reset': String(window.resetSeconds),
  };
}
