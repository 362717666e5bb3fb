import { describe, expect, it } from 'vitest';
import {
  previousSchoolYear,
  revalidationEligibility,
  walletState,
  type CardFacts,
  type RevalidationCalendar,
} from '../../shared/domain/revalidationRules';

const calendar: RevalidationCalendar = {
  currentSchoolYear: '2026-2027',
  revalidationOpensOn: '2026-06-15',
  today: '2026-09-01',
  ownUais: ['0590001F', '0590002G'],
};
const card = (over: Partial<CardFacts> = {}): CardFacts => ({
  status: 'ACTIVE',
  lastRevalidatedSchoolYear: '2025-2026',
  establishmentUai: '0590001F',
  ...over,
});

describe('revalidation eligibility for the Region’s current school year', () => {
  it.each<[string, Partial<CardFacts>, Partial<RevalidationCalendar>, string]>([
    ['last year here', {}, {}, 'DUE'],
    ['two years ago', { lastRevalidatedSchoolYear: '2024-2025' }, {}, 'DUE'],
    ['never revalidated', { lastRevalidatedSchoolYear: null }, {}, 'DUE'],
    ['from another roster, last year', { establishmentUai: '0620099W' }, {}, 'DUE'],
    ['this year here', { lastRevalidatedSchoolYear: '2026-2027' }, {}, 'ALREADY_THIS_YEAR'],
    [
      'this year at the sibling UAI',
      { lastRevalidatedSchoolYear: '2026-2027', establishmentUai: '0590002G' },
      {},
      'ALREADY_THIS_YEAR',
    ],
    [
      'this year elsewhere',
      { lastRevalidatedSchoolYear: '2026-2027', establishmentUai: '0620099W' },
      {},
      'ELSEWHERE_THIS_YEAR',
    ],
    [
      'this year, no roster',
      { lastRevalidatedSchoolYear: '2026-2027', establishmentUai: null },
      {},
      'ELSEWHERE_THIS_YEAR',
    ],
    ['lost', { status: 'LOST' }, {}, 'LOST'],
    ['blocked', { status: 'BLOCKED' }, {}, 'BLOCKED'],
    ['expired', { status: 'EXPIRED' }, {}, 'EXPIRED'],
    ['lost, year unknown', { status: 'LOST' }, { currentSchoolYear: null }, 'LOST'],
    ['before the opening day', {}, { today: '2026-06-14' }, 'NOT_OPEN'],
    ['on the opening day', {}, { today: '2026-06-15' }, 'DUE'],
    ['Region never reached', {}, { currentSchoolYear: null }, 'NO_SCHOOL_YEAR'],
    ['a malformed year', {}, { currentSchoolYear: '2026-2028' }, 'NO_SCHOOL_YEAR'],
  ])('%s', (_name, cardOver, calOver, expected) => {
    expect(revalidationEligibility(card(cardOver), { ...calendar, ...calOver })).toBe(expected);
  });

  it('the year is the Region’s, never the clock’s: at the rollover the new year is due again', () => {
    const rolled = { ...calendar, currentSchoolYear: '2027-2028', today: '2027-07-01' };
    expect(revalidationEligibility(card({ lastRevalidatedSchoolYear: '2026-2027' }), rolled)).toBe('DUE');
  });

  it('previous school year', () => {
    expect(previousSchoolYear('2026-2027')).toBe('2025-2026');
    expect(previousSchoolYear('2026')).toBeNull();
  });
});

describe('wallet', () => {
  const validity = { from: '2026-07-01', to: '2027-04-30' };
  it.each([
    [true, '2026-07-01', true],
    [true, '2027-04-30', true],
    [true, '2027-05-01', false],
    [true, '2026-06-30', false],
    [false, '2026-09-01', false],
  ])('credited %s on %s → usable %s', (credited, today, usable) => {
    expect(walletState(credited, validity, today)).toEqual({ credited, validity, usableToday: usable });
  });
  it('unknown validity: never usable', () => {
    expect(walletState(true, null, '2026-09-01').usableToday).toBe(false);
  });
});
