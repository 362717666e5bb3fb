/**
 * INE (national student id). Several formats coexist and their check keys are not reliably
 * documented, so a non-conforming INE is a warning for staff, never a blocking error.
 */
export type IneKind = 'RNIE' | 'BEA' | 'APPRENTICE';

export type IneCheck =
  | { status: 'ok'; ine: string; kind: IneKind }
  | { status: 'warning'; ine: string; reason: 'UNKNOWN_FORMAT' }
  | { status: 'empty' };

const FORMATS: ReadonlyArray<readonly [IneKind, RegExp]> = [
  // Apprentice first: its shape would otherwise never be reported as such.
  ['APPRENTICE', /^[0-9]{4}A[0-9]{5}[A-Z]$/],
  ['RNIE', /^[0-9]{9}[A-Z]{2}$/],
  ['BEA', /^[0-9]{10}[A-Z]$/],
];

export function checkIne(raw: string | null | undefined): IneCheck {
  const ine = (raw ?? '').replace(/\s+/g, '').toUpperCase();
  if (ine === '') return { status: 'empty' };
  for (const [kind, re] of FORMATS) {
    if (re.test(ine)) return { status: 'ok', ine, kind };
  }
  return { status: 'warning', ine, reason: 'UNKNOWN_FORMAT' };
}
