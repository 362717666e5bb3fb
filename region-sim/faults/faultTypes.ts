export const ROUTE_IDS = [
  'token',
  'me',
  'reasons',
  'establishments',
  'requestFeed',
  'cardFeed',
  'photo',
  'prevalidate',
  'batch',
  'lookup',
  'revalidate',
  'createRequest',
  'uploadPhoto',
  'getRequest',
  'timeline',
] as const;
export type RouteId = (typeof ROUTE_IDS)[number];

export interface FaultConfig {
  seed?: number;
  latencyMs?: { min: number; max: number };
  /** 0..1 → 500 or 503 (503 with Retry-After). */
  errorRate?: Partial<Record<RouteId, number>>;
  /** 0..1 → 429 with Retry-After. */
  rateLimitRate?: Partial<Record<RouteId, number>>;
  /** Destroy the socket before answering. */
  resetRate?: Partial<Record<RouteId, number>>;
  /** Apply the change, then destroy the socket without answering. */
  dropAfterCommitRate?: Partial<Record<RouteId, number>>;
  /** Feed pages repeat some items (also within a page). */
  repeatItemsRate?: number;
  /** Feed pages deliver older versions after newer ones. */
  outOfOrderRate?: number;
}

export interface FaultController {
  configure(config: FaultConfig): void;
  reset(): void;
  /** Every issued token answers 401 from now on. */
  expireTokens(): void;
  /** Every issued cursor answers 410. */
  expireCursors(): void;
  /** serverTime and server-side checks shifted. */
  setClockSkewMs(ms: number): void;
  /** The next page of that feed for that UAI carries one schema-invalid item. */
  injectInvalidItem(feed: 'requests' | 'cards', uai: string): void;
  /** Refuse connections (destroy sockets immediately). */
  offline(on: boolean): void;
}

/** What happens to one call, decided when it arrives. */
export interface CallFaults {
  latencyMs: number;
  reset: boolean;
  error: 500 | 503 | null;
  rateLimited: boolean;
  dropAfterCommit: boolean;
}
