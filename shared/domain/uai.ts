/**
 * UAI (ex-RNE) establishment code: 7 digits then a check letter.
 * The letter alphabet skips I, O and Q so that it cannot be misread as 1, 0 or a digit.
 */
export const UAI_CHECK_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ';

const UAI_SHAPE = /^[0-9]{7}[A-Z]$/;

export type UaiCheck =
  { valid: true; uai: string } | { valid: false; reason: 'FORMAT' | 'CHECK_LETTER'; expectedLetter?: string };

export function uaiCheckLetter(sevenDigits: string): string {
  const n = Number.parseInt(sevenDigits, 10);
  const letter = UAI_CHECK_ALPHABET[n % 23];
  if (letter === undefined) throw new Error('uai: check letter out of range');
  return letter;
}

/** Accepts lower case and surrounding spaces, as staff type them; answers the canonical form. */
export function checkUai(raw: string): UaiCheck {
  const uai = raw.trim().toUpperCase();
  if (!UAI_SHAPE.test(uai)) return { valid: false, reason: 'FORMAT' };
  const expected = uaiCheckLetter(uai.slice(0, 7));
  if (uai[7] !== expected) return { valid: false, reason: 'CHECK_LETTER', expectedLetter: expected };
  return { valid: true, uai };
}

export function isValidUai(raw: string): boolean {
  return checkUai(raw).valid;
}

/** Builds a valid UAI from a département code and a sequence number (used by the simulator's seeder). */
export function makeUai(departement: string, sequence: number): string {
  const digits = `${departement.padStart(3, '0')}${String(sequence).padStart(4, '0')}`;
  if (digits.length !== 7) throw new Error('uai: département + sequence must make 7 digits');
  return digits + uaiCheckLetter(digits);
}
