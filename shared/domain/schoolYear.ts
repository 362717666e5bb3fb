/**
 * School-year and wallet date rules. The authoritative current school year always comes from the
 * Region (`GET /me`); these helpers only format, compare and give a fallback for display before
 * the first contact.
 */
export const SCHOOL_YEAR_PATTERN = /^([0-9]{4})-([0-9]{4})$/;

export interface DateRange {
  /** Inclusive, `YYYY-MM-DD` in Europe/Paris. */
  from: string;
  to: string;
}

export function parseSchoolYear(year: string): { start: number; end: number } | null {
  const m = SCHOOL_YEAR_PATTERN.exec(year);
  if (!m) return null;
  const start = Number(m[1]);
  const end = Number(m[2]);
  return end === start + 1 ? { start, end } : null;
}

export function isSchoolYear(year: string): boolean {
  return parseSchoolYear(year) !== null;
}

export function schoolYearOf(startYear: number): string {
  return `${startYear}-${startYear + 1}`;
}

/**
 * A Paris calendar date (`YYYY-MM-DD`) for an instant. Dates in the contract are Paris dates, so
 * a decision at 00:30 Paris time on 1 July belongs to 1 July even though it is still 30 June in UTC.
 */
export function parisDate(instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * The school year a Paris date falls in, with the rollover on 1 July: the wallet of the new year
 * opens that day, and the Region's revalidation for it opens in June. Display fallback only.
 */
export function schoolYearForDate(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return schoolYearOf(month >= 7 ? year : year - 1);
}

/** The textbooks/equipment wallet of a school year: 1 July to 30 April inclusive. */
export function walletValidityFor(schoolYear: string): DateRange {
  const parsed = parseSchoolYear(schoolYear);
  if (!parsed) throw new Error('schoolYear: invalid school year');
  return { from: `${parsed.start}-07-01`, to: `${parsed.end}-04-30` };
}

export function isWithin(date: string, range: DateRange): boolean {
  // ISO calendar dates compare correctly as strings.
  return date >= range.from && date <= range.to;
}

/** Age in whole years on a given Paris date (birth dates are calendar dates, not instants). */
export function ageOn(birthDate: string, onDate: string): number {
  const by = Number(birthDate.slice(0, 4));
  const bm = Number(birthDate.slice(5, 7));
  const bd = Number(birthDate.slice(8, 10));
  const y = Number(onDate.slice(0, 4));
  const m = Number(onDate.slice(5, 7));
  const d = Number(onDate.slice(8, 10));
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
