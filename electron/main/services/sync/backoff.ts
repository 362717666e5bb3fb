/**
 * The Region's retry policy (README §8): exponential backoff with full jitter, 1 s base, 5 min cap;
 * a `Retry-After` sent with 429/503 is a floor, never shortened by the jitter.
 */
import { RegionApiError, RegionUnreachableError } from '../region/regionErrors';

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: BACKOFF_BASE_MS, capMs: BACKOFF_CAP_MS };

/** Delay before attempt `attempt + 1`, `attempt` ≥ 1 being the number of failed attempts so far. */
export function backoffDelayMs(
  attempt: number,
  random: () => number,
  retryAfterS: number | null = null,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const jittered = Math.floor(random() * ceiling);
  const floor = retryAfterS !== null ? retryAfterS * 1000 : 0;
  return Math.max(jittered, floor);
}

const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

/** Outcome unknown, same call may be replayed later: network errors, timeouts, 429 and 5xx gateways. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof RegionUnreachableError) return true;
  return error instanceof RegionApiError && RETRYABLE_STATUSES.has(error.status);
}

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

export function retryAfterOf(error: unknown): number | null {
  return error instanceof RegionApiError ? error.retryAfterS : null;
}
