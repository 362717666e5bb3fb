/**
 * What staff typed in the search box: a card number (often typed in groups of four), a file
 * number, an INE, or names. Identifiers are matched exactly; names by word prefixes.
 */
import { CARD_NUMBER_PATTERN, normalizeCardNumber, normalizeFileNumber } from '../../../../shared/domain/identifiers';
import { FILE_NUMBER_PATTERN } from '../../../../shared/domain/identifiers';
import { normalizeForSearch } from '../../../../shared/text/normalizeForSearch';

export type StudentQuery =
  | { kind: 'empty' }
  | { kind: 'card'; cardNumber: string }
  | { kind: 'file'; fileNumber: string }
  | { kind: 'ine'; ine: string }
  | {
      kind: 'name';
      /** Folded words, in the order typed. */
      words: string[];
      /** The folded query, compared with folded names to put exact names first. */
      folded: string;
      /** FTS5 MATCH expression: every word must match, but `lastLetter`, checked apart. */
      match: string;
      /**
       * A last word of one letter after other words (« Anne-S », « N'D »), left out of `match`: as a
       * prefix, one letter makes the index read every word that starts with it (its prefix indexes
       * start at two letters; 13-19 ms on 100,000 names, the slowest searches). The other words narrow
       * the hits enough to check it on their names (`namesHaveWordStarting`).
       */
      lastLetter: string | null;
    };

/** More words than this is not a name anyone types; it only makes the index do useless work. */
const MAX_WORDS = 6;
const MAX_QUERY_LENGTH = 200;
const INE_SHAPE = /^[0-9A-Z]{11}$/;

export function parseStudentQuery(raw: string): StudentQuery {
  const text = raw.slice(0, MAX_QUERY_LENGTH).trim();
  if (text === '') return { kind: 'empty' };

  const digits = normalizeCardNumber(text);
  if (CARD_NUMBER_PATTERN.test(digits)) return { kind: 'card', cardNumber: digits };

  const fileNumber = normalizeFileNumber(text);
  if (FILE_NUMBER_PATTERN.test(fileNumber)) return { kind: 'file', fileNumber };

  const ine = text.replace(/\s+/g, '').toUpperCase();
  // Every INE format has digits; without this, an 11-letter surname (« Montgolfier ») would be taken for one.
  if (INE_SHAPE.test(ine) && /[0-9]/.test(ine)) return { kind: 'ine', ine };

  const words = normalizeForSearch(text).split(' ').filter(Boolean).slice(0, MAX_WORDS);
  if (words.length === 0) return { kind: 'empty' };
  // The last word is still being typed, so it is a prefix; an inner one-letter word is the « N » of
  // « N'Diaye » or an initial: matching it as a whole word avoids scanning every word that starts with it.
  const terms = words.map((w, i) => (w.length === 1 && i < words.length - 1 ? `"${w}"` : `"${w}"*`));
  const last = words[words.length - 1] as string;
  const lastLetter = words.length > 1 && last.length === 1 ? last : null;
  const match = (lastLetter === null ? terms : terms.slice(0, -1)).join(' AND ');
  return { kind: 'name', words, folded: words.join(' '), match, lastLetter };
}

/**
 * SQL: a word of the folded names of the row aliased `alias` starts with the bound `param` — the
 * FTS prefix rule, checked on the row (the names are words of [a-z0-9] joined by single spaces).
 */
export function namesHaveWordStarting(alias: string, param: string): string {
  return `instr(' ' || ${alias}.search_last || ' ' || ${alias}.search_first, ' ' || ${param}) > 0`;
}
