/** Card and file numbers as the Region prints them (see the API's CardNumber and FileNumber). */
export const CARD_NUMBER_PATTERN = /^[0-9]{16}$/;
export const FILE_NUMBER_PATTERN = /^[A-Z]{2,4}-[0-9]{4}-[0-9]{7}$/;

/** Card numbers are often typed in groups of four; barcode readers send them plain. */
export function normalizeCardNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '');
}

export function isCardNumber(raw: string): boolean {
  return CARD_NUMBER_PATTERN.test(normalizeCardNumber(raw));
}

export function normalizeFileNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

export function isFileNumber(raw: string): boolean {
  return FILE_NUMBER_PATTERN.test(normalizeFileNumber(raw));
}
