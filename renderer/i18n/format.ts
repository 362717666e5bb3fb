/**
 * Dates and numbers as French staff expect them, always in Paris time whatever the machine's zone.
 */
const TIME_ZONE = 'Europe/Paris';

const dateFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const numberFormat = new Intl.NumberFormat('fr-FR');

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/**
 * A calendar date (`YYYY-MM-DD`, e.g. a birth date) or an instant, as `14/03/2008`.
 * A bare date is pinned to noon UTC so no time zone can shift it to the previous or next day.
 */
export function formatDate(value: string | Date): string {
  if (typeof value === 'string') {
    const match = ISO_DATE.exec(value);
    if (match) {
      const instant = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
      return dateFormat.format(instant);
    }
  }
  const instant = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(instant.getTime()) ? String(value) : dateFormat.format(instant);
}

/** An instant as `14/03/2026 09:05`, Paris time. */
export function formatDateTime(value: string | Date): string {
  const instant = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(instant.getTime()) ? String(value) : dateTimeFormat.format(instant).replace(',', '');
}

/** `12 345` with the French narrow no-break space. */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}
