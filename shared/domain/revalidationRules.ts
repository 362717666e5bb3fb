/**
 * Whether a returning student's card can be revalidated for the Region's current school year, and
 * what its wallet says. The school year and the opening date always come from the Region (`/me`,
 * cached); these rules only compare, so the desk can answer offline exactly as the Region would.
 */
import { isWithin, parseSchoolYear, schoolYearOf, type DateRange } from './schoolYear';

export type RevalidationEligibility =
  | 'DUE'
  /** Revalidated for this year by one of this install's establishments: nothing to do. */
  | 'ALREADY_THIS_YEAR'
  /** Revalidated for this year by another establishment: only the Region can undo it. */
  | 'ELSEWHERE_THIS_YEAR'
  | 'LOST'
  | 'BLOCKED'
  | 'EXPIRED'
  /** Before `revalidationOpensOn`. */
  | 'NOT_OPEN'
  /** The Region has never been reached: the school year to revalidate is unknown. */
  | 'NO_SCHOOL_YEAR';

export interface CardFacts {
  status: 'ACTIVE' | 'EXPIRED' | 'LOST' | 'BLOCKED';
  lastRevalidatedSchoolYear: string | null;
  establishmentUai: string | null;
}

export interface RevalidationCalendar {
  currentSchoolYear: string | null;
  revalidationOpensOn: string | null;
  /** Today, as a Paris date. */
  today: string;
  /** This install's UAIs. */
  ownUais: readonly string[];
}

export function revalidationEligibility(card: CardFacts, calendar: RevalidationCalendar): RevalidationEligibility {
  // Card status first: a lost card must be explained even before the school year is known.
  if (card.status === 'LOST') return 'LOST';
  if (card.status === 'BLOCKED') return 'BLOCKED';
  if (card.status === 'EXPIRED') return 'EXPIRED';
  const year = calendar.currentSchoolYear;
  if (year === null || parseSchoolYear(year) === null) return 'NO_SCHOOL_YEAR';
  if (card.lastRevalidatedSchoolYear === year) {
    return card.establishmentUai !== null && calendar.ownUais.includes(card.establishmentUai)
      ? 'ALREADY_THIS_YEAR'
      : 'ELSEWHERE_THIS_YEAR';
  }
  if (calendar.revalidationOpensOn !== null && calendar.today < calendar.revalidationOpensOn) return 'NOT_OPEN';
  return 'DUE';
}

/** The school year before `year` (`2026-2027` → `2025-2026`): « last year's class ». */
export function previousSchoolYear(year: string): string | null {
  const parsed = parseSchoolYear(year);
  return parsed ? schoolYearOf(parsed.start - 1) : null;
}

export interface WalletState {
  /** Credited for the current school year (the Region's `walletActive`). */
  credited: boolean;
  /** The year's spending dates, as the Region gives them (`walletValidity`), when known. */
  validity: DateRange | null;
  /** Credited and today within the validity dates: the student can spend now. */
  usableToday: boolean;
}

export function walletState(walletActive: boolean, validity: DateRange | null, today: string): WalletState {
  return {
    credited: walletActive,
    validity,
    usableToday: walletActive && validity !== null && isWithin(today, validity),
  };
}
