/** RFC 3339 in UTC with whole seconds, as the Region answers (`2026-09-02T07:30:00Z`). */
export function isoSeconds(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
