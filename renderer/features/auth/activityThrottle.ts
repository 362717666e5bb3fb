/**
 * How often the renderer tells the services the member is still there: at most every 30 s, and
 * often enough for a short idle delay (a third of it), so activity always lands before the lock.
 */
export const MAX_ACTIVITY_INTERVAL_MS = 30_000;

export function activityIntervalMs(idleLockSeconds: number): number {
  return Math.max(1_000, Math.min(MAX_ACTIVITY_INTERVAL_MS, Math.floor((idleLockSeconds * 1000) / 3)));
}

/** Calls `send` on the first event, then at most once per interval. */
export function createActivityThrottle(intervalMs: number, send: () => void, now: () => number = Date.now) {
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    const t = now();
    if (t - last < intervalMs) return;
    last = t;
    send();
  };
}
