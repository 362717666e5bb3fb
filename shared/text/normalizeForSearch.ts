/**
 * Folds case and accents so that « Léa », « LEA » and « lea » match, and so that hyphenated and
 * apostrophe names (« Jean-Baptiste », « N'Diaye ») can be found by any of their parts.
 */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
