/**
 * The queue's date filter speaks in Paris calendar days (what staff see), the store keeps the
 * Region's UTC instants: a day becomes the UTC instant of its Paris midnight.
 */
import { parisDate } from '../../../../shared/domain/schoolYear';

const HOUR_MS = 3_600_000;

/** The UTC instant (ISO) at which the Paris day `date` (YYYY-MM-DD) begins. */
export function parisDayStart(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  // Paris is UTC+1 or UTC+2, and DST never changes at midnight: one of these is the start.
  for (const offsetHours of [2, 1, 0]) {
    const candidate = utcMidnight - offsetHours * HOUR_MS;
    if (parisDate(new Date(candidate)) === date && parisDate(new Date(candidate - 1)) !== date) {
      return new Date(candidate).toISOString();
    }
  }
  return new Date(utcMidnight).toISOString();
}

/** The UTC instant at which the Paris day after `date` begins (the exclusive end of `date`). */
export function parisDayEnd(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return parisDayStart(next);
}
