/** The audit log as a CSV French Excel opens (UTF-8 with BOM, `;`): ids and codes only, no names. */
import { type AuditEntry } from '../../../../shared/schemas/audit';

const HEADER = ['numero', 'horodatage', 'auteur', 'action', 'enregistrement', 'details', 'empreinte'];

function cell(value: string): string {
  // A leading = + - @ would be read as a formula by a spreadsheet.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  const lines = [HEADER.join(';')];
  for (const e of entries) {
    lines.push(
      [
        String(e.seq),
        e.at,
        e.actorId,
        e.action,
        e.recordId ?? '',
        e.detail
          ? Object.entries(e.detail)
              .map(([k, v]) => `${k}=${String(v)}`)
              .join(' ')
          : '',
        e.hash,
      ]
        .map(cell)
        .join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
