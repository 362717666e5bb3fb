import { describe, expect, it } from 'vitest';
import { checkIne } from '../../../shared/domain/ine';

describe('INE formats (warn, never block)', () => {
  it.each([
    ['123456789AB', 'RNIE'],
    ['0987654321Z', 'BEA'],
    ['1234A12345B', 'APPRENTICE'],
    [' 123456789ab ', 'RNIE'],
  ])('%s is a %s INE', (raw, kind) => {
    const r = checkIne(raw);
    expect(r.status).toBe('ok');
    if (r.status === 'ok') expect(r.kind).toBe(kind);
  });

  it.each(['12345678AB', '123456789ABC', 'ABCDEFGHIJK', '12345678901', '1234B12345B'])(
    '%s is reported as a warning, not an error',
    (raw) => {
      expect(checkIne(raw)).toMatchObject({ status: 'warning', reason: 'UNKNOWN_FORMAT' });
    },
  );

  it('treats a missing INE as empty', () => {
    expect(checkIne(undefined)).toEqual({ status: 'empty' });
    expect(checkIne('  ')).toEqual({ status: 'empty' });
  });
});
