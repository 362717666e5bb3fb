import { describe, expect, it } from 'vitest';
import {
  ageOn,
  isSchoolYear,
  isWithin,
  parisDate,
  schoolYearForDate,
  walletValidityFor,
} from '../../../shared/domain/schoolYear';

describe('school year', () => {
  it.each([
    ['2026-2027', true],
    ['2026-2028', false],
    ['2026/2027', false],
    ['26-27', false],
  ])('%s is a school year: %s', (y, ok) => expect(isSchoolYear(y)).toBe(ok));

  it.each([
    ['2026-06-30', '2025-2026'],
    ['2026-07-01', '2026-2027'],
    ['2026-09-02', '2026-2027'],
    ['2027-01-15', '2026-2027'],
    ['2027-04-30', '2026-2027'],
  ])('%s falls in %s', (date, year) => expect(schoolYearForDate(date)).toBe(year));
});

describe('wallet validity (1 July – 30 April, inclusive)', () => {
  const range = walletValidityFor('2026-2027');
  it('spans the school year', () => expect(range).toEqual({ from: '2026-07-01', to: '2027-04-30' }));
  it.each([
    ['2026-06-30', false],
    ['2026-07-01', true],
    ['2027-04-30', true],
    ['2027-05-01', false],
  ])('%s usable: %s', (d, ok) => expect(isWithin(d, range)).toBe(ok));
  it('refuses a malformed year', () => expect(() => walletValidityFor('2026-2028')).toThrow());
});

describe('Paris dates', () => {
  it.each([
    ['2026-06-30T22:30:00Z', '2026-07-01'], // summer time, UTC+2
    ['2026-12-31T23:30:00Z', '2027-01-01'], // winter time, UTC+1
    ['2026-12-31T22:59:00Z', '2026-12-31'],
  ])('%s is %s in Paris', (iso, date) => expect(parisDate(new Date(iso))).toBe(date));
});

describe('age', () => {
  it.each([
    ['2012-03-02', '2026-09-02', 14],
    ['2011-09-02', '2026-09-02', 15],
    ['2011-09-03', '2026-09-02', 14],
    ['2008-02-29', '2026-02-28', 17],
  ])('born %s, on %s: %i', (b, on, age) => expect(ageOn(b, on)).toBe(age));
});
