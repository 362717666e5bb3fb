/**
 * The queue's date filter speaks in Paris calendar days (what staff see), the store keeps the
 * Region's UTC instants: a day becomes the UTC instant of its Paris midnight. Instants are compared
 * as ISO strings, which is exact for the Region's UTC `…Z` timestamps.
 */
import { parisDate } from '../../../../shared/domain/schoolYear';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** UTC midnight of a calendar date; years below 100 included (Date.UTC would map them to 19xx). */
function utcMidnight(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(0);
  day.setUTCFullYear(y, m - 1, d);
  return day.getTime();
}

function isoInstant(ms: number): string {
  const date = new Date(ms);
  // Beyond year 9999 toISOString has a six-digit year; every stored instant sorts before this anyway.
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999 ? '9999-12-31T23:59:59.999Z' : date.toISOString();
}

/** The UTC instant (ISO) at which the Paris day `date` (YYYY-MM-DD) begins. */
export function parisDayStart(date: string): string {
  const midnight = utcMidnight(date);
  // Paris is UTC+1 or UTC+2 (LMT before 1911, close to UTC), and DST never changes at midnight.
  for (const offsetHours of [2, 1, 0]) {
    const candidate = midnight - offsetHours * HOUR_MS;
    if (parisDate(new Date(candidate)) === date && parisDate(new Date(candidate - 1)) !== date) {
      return isoInstant(candidate);
    }
  }
  return isoInstant(midnight);
}

/** The UTC instant at which the Paris day after `date` begins (the exclusive end of `date`). */
export function parisDayEnd(date: string): string {
  const next = new Date(utcMidnight(date) + DAY_MS);
  if (next.getUTCFullYear() > 9999) return '9999-12-31T23:59:59.999Z';
  const text = `${String(next.getUTCFullYear()).padStart(4, '0')}-${String(next.getUTCMonth() + 1).padStart(2, '0')}-${String(next.getUTCDate()).padStart(2, '0')}`;
  return parisDayStart(text);
}
