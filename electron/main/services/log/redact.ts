/**
 * Log lines carry ids and counters only. This guard is the last line of defence when a caller
 * passes a field that could hold personal data or a credential: the key is dropped, not masked,
 * so not even the length of a secret reaches the log.
 */
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Record<string, LogValue>;

const FORBIDDEN_KEY =
  /name|e-?mail|mail|address|addr|birth|phone|token|secret|password|passwd|authorization|cookie|credential|photo|comment/i;
/** Keys that contain a forbidden word but are known to be harmless identifiers. */
const ALLOWED_KEYS = new Set(['errorClass', 'channel', 'module']);
const MAX_VALUE_LENGTH = 200;

export function isForbiddenLogKey(key: string): boolean {
  return !ALLOWED_KEYS.has(key) && FORBIDDEN_KEY.test(key);
}

/** A copy of `fields` without forbidden keys, with strings stripped of control characters and capped. */
export function redact(fields: LogFields | undefined): { fields: LogFields; dropped: number } {
  const out: LogFields = {};
  let dropped = 0;
  if (!fields) return { fields: out, dropped };
  for (const key of Object.keys(fields)) {
    if (isForbiddenLogKey(key)) {
      dropped += 1;
      continue;
    }
    const value = fields[key];
    if (value === undefined) continue;
    out[key] = typeof value === 'string' ? cleanString(value) : value;
  }
  return { fields: out, dropped };
}

function cleanString(value: string): string {
  // Control characters would let a value forge a second log line.
  // eslint-disable-next-line no-control-regex
  const flat = value.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return flat.length > MAX_VALUE_LENGTH ? `${flat.slice(0, MAX_VALUE_LENGTH)}…` : flat;
}
