/**
 * The French message for an input the contract refused. It names the fields involved, taken from
 * the schema's paths, and never echoes a value: inputs may carry personal data, and an attacker's
 * key names are values too, so unknown members are only counted.
 */
import { type z } from 'zod';

const SAFE_SEGMENT = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

function fieldLabel(path: readonly PropertyKey[]): string | null {
  if (path.length === 0) return null;
  const segments: string[] = [];
  for (const segment of path) {
    if (typeof segment === 'number') segments.push(String(segment));
    else if (typeof segment === 'string' && SAFE_SEGMENT.test(segment)) segments.push(segment);
    else return null;
  }
  return segments.join('.');
}

export function invalidInputMessage(error: z.ZodError): string {
  const fields = new Set<string>();
  let unknownMembers = 0;
  let shapeProblem = false;
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      unknownMembers += issue.keys.length;
      continue;
    }
    const label = fieldLabel(issue.path);
    if (label) fields.add(label);
    else shapeProblem = true;
  }
  const parts: string[] = [];
  if (fields.size > 0) {
    const list = [...fields].slice(0, 10).map((field) => `« ${field} »`);
    parts.push(`${fields.size > 1 ? 'champs invalides' : 'champ invalide'} : ${list.join(', ')}`);
  }
  if (unknownMembers > 0) {
    parts.push(unknownMembers > 1 ? `${unknownMembers} champs non reconnus` : '1 champ non reconnu');
  }
  if (shapeProblem || parts.length === 0) parts.push('format de la demande incorrect');
  return `Demande refusée : ${parts.join(' ; ')}.`;
}
