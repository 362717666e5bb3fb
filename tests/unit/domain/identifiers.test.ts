import { describe, expect, it } from 'vitest';
import { isCardNumber, isFileNumber, normalizeCardNumber } from '../../../shared/domain/identifiers';

describe('card and file numbers', () => {
  it.each([
    ['4000123400001234', true],
    ['4000 1234 0000 1234', true],
    ['4000-1234-0000-1234', true],
    ['400012340000123', false],
    ['40001234000012345', false],
    ['400012340000123A', false],
  ])('card %s → %s', (raw, ok) => expect(isCardNumber(raw)).toBe(ok));

  it('normalizes a grouped card number', () => {
    expect(normalizeCardNumber('4000 1234-0000 1234')).toBe('4000123400001234');
  });

  it.each([
    ['HDF-2026-0001234', true],
    ['hdf-2026-0001234', true],
    ['HDF-26-0001234', false],
    ['HDF-2026-001234', false],
    ['H-2026-0001234', false],
  ])('file %s → %s', (raw, ok) => expect(isFileNumber(raw)).toBe(ok));
});
