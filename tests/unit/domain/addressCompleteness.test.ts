import { describe, expect, it } from 'vitest';
import { type AddressWarning } from '../../../shared/ipc/contract';
import { addressWarningBits, addressWarnings, type AddressLines } from '../../../shared/domain/addressCompleteness';

const CASES: Array<[string, AddressLines, AddressWarning[]]> = [
  ['a plain house address', { line1: '12 rue des Lilas' }, []],
  ['a number with bis', { line1: '12 bis avenue Foch' }, []],
  ['a number with a letter', { line1: '3B rue Pasteur' }, []],
  [
    'a residence without an apartment',
    { line1: '4 rue du Parc', line2: 'Résidence Les Saules' },
    ['APARTMENT_MISSING'],
  ],
  [
    'a residence with the apartment field',
    { line1: '4 rue du Parc', line2: 'Résidence Les Saules', apartment: '12' },
    [],
  ],
  ['a building in capitals, accentless', { line1: '8 RUE JEAN JAURES', line2: 'BAT C' }, ['APARTMENT_MISSING']],
  ['« Bât. » abbreviated with a dot', { line1: 'Bât. D', line2: '15 rue Victor Hugo' }, ['APARTMENT_MISSING']],
  ['the apartment given in the lines', { line1: '15 rue Victor Hugo', line2: 'Bât B appt 24' }, []],
  ['« apt » with a letter', { line1: '15 rue Victor Hugo', line2: 'Rés. du Parc apt C' }, []],
  ['a floor but no door', { line1: '2 place Carnot', line2: '3e étage' }, ['APARTMENT_MISSING']],
  ['« escalier » alone', { line1: '2 place Carnot', line2: 'Escalier 2' }, ['APARTMENT_MISSING']],
  ['« résidence » inside a street name is a word of its own', { line1: '7 résidence Pasteur' }, ['APARTMENT_MISSING']],
  ['« Résistance » is not « rés. »', { line1: '7 rue de la Résistance' }, []],
  ['no house number', { line1: 'rue des Écoles' }, ['STREET_NUMBER_MISSING']],
  ['the number on line2 after a building line', { line1: 'Les Glycines', line2: '5 allée des Pins' }, []],
  [
    'a floor number is not a house number',
    { line1: 'Les Glycines', line2: '2ème étage', apartment: 'porte 4' },
    ['STREET_NUMBER_MISSING'],
  ],
  ['a lieu-dit needs no number', { line1: 'Ferme du Bois', line2: 'Lieu-dit Les Prés' }, []],
  ['a BP needs no number', { line1: 'Mairie annexe', line2: 'BP 42' }, []],
  ['a hamlet needs no number', { line1: 'Hameau de Bellevue' }, []],
  ['hosted « chez » with the host named', { line1: '3 rue Nationale', line2: 'chez M. Dupont' }, []],
  ['hosted « c/o » with the host named', { line1: '3 rue Nationale', line2: 'c/o Martin' }, []],
  ['hosted, host not named', { line1: '3 rue Nationale', line2: 'Hébergée' }, ['MAILBOX_NAME_MISSING']],
  [
    'a foster family, mailbox name given',
    { line1: '3 rue Nationale', line2: "Famille d'accueil", mailboxName: 'LEROY' },
    [],
  ],
  ['a foyer without mailbox name', { line1: '3 rue Nationale', line2: 'Foyer des jeunes' }, ['MAILBOX_NAME_MISSING']],
  [
    'everything missing at once',
    { line1: 'Foyer Saint-Joseph', line2: 'Bâtiment A' },
    ['APARTMENT_MISSING', 'MAILBOX_NAME_MISSING', 'STREET_NUMBER_MISSING'],
  ],
  [
    'blank optional fields count as absent',
    { line1: '1 rue Haute', line2: 'Bât A', apartment: '  ' },
    ['APARTMENT_MISSING'],
  ],
];

describe('addressWarnings', () => {
  it.each(CASES)('%s', (_label, address, expected) => {
    expect(addressWarnings(address)).toEqual(expected);
  });

  it('encodes warnings as distinct bits', () => {
    expect(addressWarningBits([])).toBe(0);
    expect(addressWarningBits(['APARTMENT_MISSING'])).toBe(1);
    expect(addressWarningBits(['MAILBOX_NAME_MISSING'])).toBe(2);
    expect(addressWarningBits(['STREET_NUMBER_MISSING'])).toBe(4);
    expect(addressWarningBits(['APARTMENT_MISSING', 'STREET_NUMBER_MISSING'])).toBe(5);
  });
});
