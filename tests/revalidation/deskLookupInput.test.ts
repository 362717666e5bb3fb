import { describe, expect, it } from 'vitest';
import { recogniseDeskInput } from '../../shared/domain/deskLookupInput';

describe('desk field: which number was typed or scanned', () => {
  it.each([
    ['4000123400001234', '4000123400001234'],
    ['4000 1234 0000 1234', '4000123400001234'],
    ['4000-1234-0000-1234', '4000123400001234'],
    [' 4000123400001234\n', '4000123400001234'],
    // A QWERTY-configured reader on an AZERTY keyboard: « &é"'(-è_çà » are 1234567890.
    ["'àààé\"'(àààà&é\"'", '4000234500001234'],
  ])('card number %j → %s', (raw, value) => {
    expect(recogniseDeskInput(raw)).toEqual({ ok: true, kind: 'CARD_NUMBER', value });
  });

  it.each([
    ['400012340000123', 15],
    ['40001234000012345', 17],
    ['1234', 4],
    ['4000 1234 0000 12', 14],
  ])('card number of the wrong length %j', (raw, digits) => {
    expect(recogniseDeskInput(raw)).toEqual({ ok: false, problem: 'CARD_NUMBER_LENGTH', digits });
  });

  it.each([
    ['HDF-2025-0009876', 'HDF-2025-0009876'],
    ['hdf-2025-0009876', 'HDF-2025-0009876'],
    ['AB-2024-1234567', 'AB-2024-1234567'],
    ['HDF20250009876', 'HDF-2025-0009876'],
  ])('file number %j → %s', (raw, value) => {
    expect(recogniseDeskInput(raw)).toEqual({ ok: true, kind: 'FILE_NUMBER', value });
  });

  it.each(['HDF-25-0009876', 'HDF-2025-009876', 'HDF-2025-00098765', 'HDFXX-2025-0009876', 'HDF-2025-000987A'])(
    'malformed file number %j',
    (raw) => {
      expect(recogniseDeskInput(raw)).toMatchObject({ ok: false });
      expect(recogniseDeskInput(raw)).not.toMatchObject({ ok: true });
    },
  );

  it('a file number starting like one reports the file-number format', () => {
    expect(recogniseDeskInput('HDF-2025-009876')).toEqual({ ok: false, problem: 'FILE_NUMBER_FORMAT' });
  });

  it.each([
    ['123456789AB', '123456789AB'],
    ['0987654321z', '0987654321Z'],
    ['1234A12345B', '1234A12345B'],
    // The Region accepts any 11 letters and digits: an unknown national format is still an INE.
    ['12AB3456789', '12AB3456789'],
  ])('INE %j → %s', (raw, value) => {
    expect(recogniseDeskInput(raw)).toEqual({ ok: true, kind: 'INE', value });
  });

  it.each(['123456789A', '123456789ABC', '12345678ABCDE'])('INE of the wrong length %j', (raw) => {
    expect(recogniseDeskInput(raw)).toEqual({ ok: false, problem: 'INE_FORMAT' });
  });

  it.each([
    ['', 'EMPTY'],
    ['   \n', 'EMPTY'],
    ['Dupont', 'UNRECOGNISED'],
    ['4000?1234', 'UNRECOGNISED'],
  ])('%j is %s', (raw, problem) => {
    expect(recogniseDeskInput(raw)).toEqual({ ok: false, problem });
  });
});
