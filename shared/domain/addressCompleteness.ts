/**
 * Which delivery problems a postal address probably has, so the secretariat can ask the family
 * before the card goes to print (an undeliverable card comes back weeks later).
 *
 * The rule works on the folded text of line1 + line2 (accents and case removed, punctuation turned
 * into spaces: « Bât. », « BAT » and « bât » read alike) and only raises a warning on a positive sign:
 *
 * - APARTMENT_MISSING: the address is in collective housing (appartement, bâtiment, résidence,
 *   escalier, étage, immeuble…) yet no apartment is given, neither in the `apartment` field nor in
 *   the lines as « appt 12 », « apt B3 », « logement 4 », « porte 7 ».
 * - STREET_NUMBER_MISSING: neither line1 nor line2 starts with a house number (« 12 », « 12 bis »,
 *   « 3B »), and nothing says the address has none: a lieu-dit, a hamlet, a BP / CS / TSA box or a
 *   ferme / domaine / moulin / château. AFNOR puts the building on line 1 and the street on line 2
 *   when both are given, hence either line.
 * - MAILBOX_NAME_MISSING: the student is hosted (« chez », « c/o », « a/s », « aux bons soins »,
 *   « hébergé », « famille d'accueil », « foyer ») and the name on the mailbox is not given: the
 *   student's own name is then likely absent from it. « chez Dupont » in a line counts as the name
 *   being given; a bare « chez » / « c/o » at the end of a line does not. Without such a sign the
 *   student's name is assumed to be on the mailbox and nothing is raised.
 */
import { type AddressWarning } from '../ipc/contract';
import { normalizeForSearch } from '../text/normalizeForSearch';

/** The parts of an address the rule reads (the Region's `Address` has them all). */
export interface AddressLines {
  line1: string;
  line2?: string | null | undefined;
  apartment?: string | null | undefined;
  mailboxName?: string | null | undefined;
}

const COLLECTIVE_HOUSING = new Set([
  'appt',
  'apt',
  'app',
  'appart',
  'appartement',
  'bat',
  'batiment',
  'residence',
  'res',
  'escalier',
  'esc',
  'etage',
  'immeuble',
  'imm',
]);
/** A designation followed by a token that contains a digit or is one letter: « appt 12 », « apt b ». */
const APARTMENT_GIVEN = /\b(?:appt|apt|app|appart|appartement|logement|logt|log|porte)\s+(?:\S*\d\S*|[a-z])\b/;
const NO_NUMBER_EXPECTED =
  /\b(?:lieu dit|lieudit|ld|hameau|bp|cs|tsa|boite postale|ferme|domaine|moulin|chateau|mas)\b/;
/** A leading number that is not a floor (« 3e étage », « 2ème »). */
const HOUSE_NUMBER = /^\d+(?![0-9]|(?:e|er|eme|ere|nd|nde)\b)/;
const HOSTED_NAMED =
  /\b(?:chez|c o|a s|aux bons soins(?: de)?)\s+(?:(?:m|mme|mr|mlle|monsieur|madame|famille)\s+)?[a-z]{2,}/;
const HOSTED_SIGN = /\b(?:chez|c o|a s|aux bons soins|heberge|hebergee|famille d accueil|foyer)\b/;

function present(value: string | null | undefined): boolean {
  return value !== undefined && value !== null && value.trim() !== '';
}

export function addressWarnings(address: AddressLines): AddressWarning[] {
  const line1 = normalizeForSearch(address.line1);
  const line2 = present(address.line2) ? normalizeForSearch(address.line2 ?? '') : '';
  const text = `${line1} ${line2}`.trim();
  const words = text.split(' ');
  const warnings: AddressWarning[] = [];

  if (!present(address.apartment) && words.some((w) => COLLECTIVE_HOUSING.has(w)) && !APARTMENT_GIVEN.test(text)) {
    warnings.push('APARTMENT_MISSING');
  }
  if (!present(address.mailboxName) && HOSTED_SIGN.test(text) && !HOSTED_NAMED.test(text)) {
    warnings.push('MAILBOX_NAME_MISSING');
  }
  if (!HOUSE_NUMBER.test(line1) && !HOUSE_NUMBER.test(line2) && !NO_NUMBER_EXPECTED.test(text)) {
    warnings.push('STREET_NUMBER_MISSING');
  }
  return warnings;
}

const WARNING_BITS: Record<AddressWarning, number> = {
  APARTMENT_MISSING: 1,
  MAILBOX_NAME_MISSING: 2,
  STREET_NUMBER_MISSING: 4,
};

/** Warnings as a bit set, the form the store keeps per request for the queue's filter. */
export function addressWarningBits(warnings: readonly AddressWarning[]): number {
  return warnings.reduce((bits, w) => bits | WARNING_BITS[w], 0);
}
