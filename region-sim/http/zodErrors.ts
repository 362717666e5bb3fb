import { type z } from 'zod';
import { type FieldError } from '../../shared/region-api/schemas';

/** zod issues → the contract's `errors[]` (JSON pointers and machine codes). */
export function fieldErrorsFromZod(error: z.ZodError, prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const pointer = `${prefix}/${issue.path.map((p) => String(p)).join('/')}`.replace(/\/$/, '') || '/';
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({
          pointer: `${pointer === '/' ? '' : pointer}/${key}`,
          code: 'UNKNOWN_MEMBER',
          detail: `Membre inconnu : ${key}.`,
        });
      }
      continue;
    }
    const missing = issue.code === 'invalid_type' && issue.message.includes('undefined');
    const code = missing
      ? 'REQUIRED'
      : issue.code === 'too_big' || issue.code === 'too_small'
        ? 'OUT_OF_RANGE'
        : 'INVALID_FORMAT';
    out.push({
      pointer: pointer.slice(0, 200),
      code,
      detail: (missing ? 'Valeur obligatoire.' : 'Valeur invalide.').slice(0, 500),
    });
  }
  return out;
}
