/**
 * The three ways a Region API call fails, kept apart because the app reacts differently:
 * an HTTP answer with a problem (final or retryable by status), no answer at all (offline),
 * or an answer that breaks the contract (a bug on one side; never retried blindly).
 */
import { Problem, problemName } from '../../../../shared/region-api/schemas';

export class RegionApiError extends Error {
  override readonly name = 'RegionApiError';
  constructor(
    readonly status: number,
    /** Short problem name (`version-conflict`), or null when the body is not a Region problem. */
    readonly problemType: string | null,
    /** Seconds from `Retry-After`, when the server sent one. */
    readonly retryAfterS: number | null,
    /** The parsed problem+json body (e.g. a 409's `current`, a 422's `errors`); null if none. */
    readonly problem: unknown = null,
  ) {
    super(`Region API answered ${status}${problemType ? ` (${problemType})` : ''}`);
  }
}

export class RegionUnreachableError extends Error {
  override readonly name = 'RegionUnreachableError';
  constructor(readonly reason: 'timeout' | 'network') {
    super(`Region API unreachable (${reason})`);
  }
}

export class RegionProtocolError extends Error {
  override readonly name = 'RegionProtocolError';
  constructor(readonly path: string) {
    super(`Region API answer to ${path} does not match the contract`);
  }
}

/** The body as JSON, or null when it is not JSON. */
export function parseProblemBody(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return null;
  }
}

export function parseProblemType(body: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const problem = Problem.safeParse(json);
  if (!problem.success) return null;
  return problemName(problem.data.type);
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | undefined, nowMs: number = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^[0-9]+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}
