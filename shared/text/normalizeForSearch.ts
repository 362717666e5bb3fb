/**
 * Folds case and accents so that « Léa », « LEA » and « lea » match, and so that hyphenated and
 * apostrophe names (« Jean-Baptiste », « N'Diaye ») can be found by any of their parts.
 */
export function normalizeForSearch(text: string): string {
  // One pass over a per-character table for the Latin letters French names and addresses use; the
  // step-by-step fold for anything else. A first sync folds ~100,000 names and address lines on the
  // thread that answers the UI, and the six passes of the step-by-step fold were ~5 % of it.
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const folded = LATIN_FOLD[text.charCodeAt(i)];
    if (folded === undefined) return foldBySteps(text);
    if (folded === ' ') {
      pendingSpace = out.length > 0;
    } else if (folded !== '') {
      if (pendingSpace) {
        out += ' ';
        pendingSpace = false;
      }
      out += folded;
    }
  }
  return out;
}

/** The fold's definition: decompose, drop the accents, spell out œ and æ, lower-case, split on the rest. */
export function foldBySteps(text: string): string {
  return foldLetters(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function foldLetters(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .toLowerCase();
}

/**
 * What `foldBySteps` makes of each character of Basic Latin, Latin-1 and Latin Extended-A on its own,
 * before spaces are merged and trimmed: letters or digits, ' ' for a separator, '' for nothing. Built
 * from `foldBySteps`'s own steps, so the table cannot drift from the definition; a character whose fold
 * is anything else is left out, and a text holding one is folded step by step.
 */
const LATIN_FOLD: ReadonlyArray<string | undefined> = Array.from({ length: 0x180 }, (_, code) => {
  const folded = foldLetters(String.fromCharCode(code));
  if (/^[a-z0-9]*$/.test(folded)) return folded;
  if (/^[^a-z0-9]+$/.test(folded)) return ' ';
  return undefined;
});
