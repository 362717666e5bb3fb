import { describe, expect, it } from 'vitest';
import { checkUai, isValidUai, makeUai, uaiCheckLetter } from '../../../shared/domain/uai';

describe('UAI check letter', () => {
  it.each([
    ['0590001F', true],
    ['0750655E', true],
    ['0540089D', true],
    ['0590001A', false],
    ['0590001', false],
    ['0590001FF', false],
    ['A590001F', false],
    ['0590001I', false],
    ['', false],
  ])('%s → valid %s', (uai, valid) => {
    expect(isValidUai(uai)).toBe(valid);
  });

  it('accepts lower case and spaces as typed, answering the canonical form', () => {
    expect(checkUai(' 0590001f ')).toEqual({ valid: true, uai: '0590001F' });
  });

  it('tells the expected letter when only the letter is wrong', () => {
    expect(checkUai('0590001A')).toEqual({ valid: false, reason: 'CHECK_LETTER', expectedLetter: 'F' });
    expect(checkUai('05900X1F')).toEqual({ valid: false, reason: 'FORMAT' });
  });

  it('uses the 23-letter alphabet without I, O and Q', () => {
    const letters = new Set<string>();
    for (let n = 0; n < 23; n++) letters.add(uaiCheckLetter(String(n).padStart(7, '0')));
    expect(letters.size).toBe(23);
    expect([...letters].some((l) => 'IOQ'.includes(l))).toBe(false);
  });

  it('makes valid UAIs for a département', () => {
    for (const [dep, seq] of [
      ['059', 1],
      ['080', 4321],
      ['002', 9999],
    ] as const) {
      const uai = makeUai(dep, seq);
      expect(uai.startsWith(dep)).toBe(true);
      expect(isValidUai(uai)).toBe(true);
    }
    expect(() => makeUai('059', 12345)).toThrow();
  });
});
