/**
 * The desk's one look-up field: staff type, or a barcode reader acting as a keyboard sends, a card
 * number, a file number or an INE. This recognises which one it is and checks its format, so the
 * screen can say exactly what was expected instead of searching for a mistyped number.
 */
import { checkIne } from './ine';
import { CARD_NUMBER_PATTERN, FILE_NUMBER_PATTERN } from './identifiers';

export type DeskInputKind = 'CARD_NUMBER' | 'FILE_NUMBER' | 'INE';

export type DeskInputProblem =
  | 'EMPTY'
  /** Only digits, but not 16 of them. */
  | 'CARD_NUMBER_LENGTH'
  /** Starts like a file number (letters then a dash) but is not `AAA-AAAA-NNNNNNN`. */
  | 'FILE_NUMBER_FORMAT'
  /** Letters and digits of about an INE's length, but not 11 of them. */
  | 'INE_FORMAT'
  | 'UNRECOGNISED';

export type DeskInput =
  { ok: true; kind: DeskInputKind; value: string } | { ok: false; problem: DeskInputProblem; digits?: number };

/**
 * A reader configured for a QWERTY layout on a French AZERTY keyboard types the unshifted top row:
 * « &é"'(-è_çà » for « 1234567890 ». A field made only of those characters is read as digits.
 */
const AZERTY_TOP_ROW: Readonly<Record<string, string>> = {
  '&': '1',
  é: '2',
  '"': '3',
  "'": '4',
  '(': '5',
  '-': '6',
  è: '7',
  _: '8',
  ç: '9',
  à: '0',
};

function fromAzertyTopRow(text: string): string | null {
  if (text.length < 8) return null;
  let digits = '';
  for (const char of text) {
    const digit = AZERTY_TOP_ROW[char];
    if (digit === undefined) return null;
    digits += digit;
  }
  return digits;
}

export function recogniseDeskInput(raw: string): DeskInput {
  // Readers end with Enter (sometimes Tab); people paste with spaces around.
  const compact = raw.replace(/[\s\u00a0]+/g, '');
  if (compact === '') return { ok: false, problem: 'EMPTY' };
  const text = fromAzertyTopRow(compact) ?? compact;

  // Card numbers are printed in groups of four: spaces or dashes between digits are allowed.
  if (/^[0-9][0-9-]*$/.test(text)) {
    const digits = text.replace(/-/g, '');
    if (CARD_NUMBER_PATTERN.test(digits)) return { ok: true, kind: 'CARD_NUMBER', value: digits };
    return { ok: false, problem: 'CARD_NUMBER_LENGTH', digits: digits.length };
  }

  const upper = text.toUpperCase();
  if (/^[A-Z]{2,4}-/.test(upper)) {
    return FILE_NUMBER_PATTERN.test(upper)
      ? { ok: true, kind: 'FILE_NUMBER', value: upper }
      : { ok: false, problem: 'FILE_NUMBER_FORMAT' };
  }
  // Some readers drop the dashes of a file number's barcode: HDF20250009876.
  const undashed = /^([A-Z]{2,4})([0-9]{4})([0-9]{7})$/.exec(upper);
  if (undashed) return { ok: true, kind: 'FILE_NUMBER', value: `${undashed[1]}-${undashed[2]}-${undashed[3]}` };

  if (/^[0-9A-Z]+$/.test(upper) && /[0-9]/.test(upper)) {
    if (upper.length === 11) {
      // The Region accepts any 11 letters and digits; the known national formats all end with a
      // letter, so 11 characters with at least one letter are an INE (a warning-only check).
      const check = checkIne(upper);
      if (check.status !== 'empty') return { ok: true, kind: 'INE', value: upper };
    }
    if (upper.length >= 8 && upper.length <= 14) return { ok: false, problem: 'INE_FORMAT' };
  }
  return { ok: false, problem: 'UNRECOGNISED' };
}
