import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldBySteps, normalizeForSearch } from '../../../shared/text/normalizeForSearch';

describe('normalizeForSearch', () => {
  it.each([
    ['Léa', 'lea'],
    ['LEA', 'lea'],
    ['  Jean-Baptiste  ', 'jean baptiste'],
    ["N'Diaye", 'n diaye'],
    ['Œdipe Lætitia', 'oedipe laetitia'],
    ['ÇA — ÇÀ', 'ca ca'],
    ['İlker', 'ilker'],
    ['Øystein Straße', 'ystein stra e'],
    ['12 bis, rue de l’Église', '12 bis rue de l eglise'],
    ['Le\u0301a', 'lea'], // decomposed input: folded step by step
    ['Σίσυφος', ''],
    ['---', ''],
    ['', ''],
  ])('%j → %j', (text, folded) => {
    expect(normalizeForSearch(text)).toBe(folded);
  });

  const latin = fc.oneof(
    fc.integer({ min: 0, max: 0x17f }).map((code) => String.fromCharCode(code)),
    fc.constantFrom(' ', '-', "'", 'a', 'Z', '0', '\u0301', '\u0327', 'ẞ', 'ǅ', 'Ω', '😀', '\ud800'),
  );

  it('gives exactly what the step-by-step fold gives, on any text (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(latin, { maxLength: 40 }), (units) => {
        const text = units.join('');
        expect(normalizeForSearch(text)).toBe(foldBySteps(text));
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
        expect(normalizeForSearch(text)).toBe(foldBySteps(text));
      }),
      { numRuns: 5_000 },
    );
  });
});
