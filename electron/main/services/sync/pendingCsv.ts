/**
 * The support export of decisions not yet acknowledged by the Region: what French Excel opens as is
 * (UTF-8 with BOM, `;` separators, CRLF line ends, dates in Paris time). The only identifier of the
 * student is the file number; names, comments and the staff member's display name are left out.
 */
import { type z } from 'zod';
import { type CsvExport } from '../../../../shared/ipc/contract';
import { parisDate } from '../../../../shared/domain/schoolYear';
import { type OutboxState } from '../../../../shared/schemas/domain';
import { type AppDatabase } from '../store/openDatabase';
import { listOutboxEntries } from '../store/outboxRepo';
import { bodyOf } from './decisionRecords';

const BOM = '\uFEFF';
const CRLF = '\r\n';

const HEADERS = [
  'Numéro de dossier',
  'Décision',
  'Avis sur la photo',
  'Motifs',
  'Établissement de réorientation',
  'Décidé par (identifiant)',
  'Décidé le',
  'État',
  'Tentatives',
  'Prochain essai',
  'Code',
  'Explication',
  'Clé d’idempotence',
] as const;

const DECISION_FR = { APPROVED: 'Approuvée', REJECTED: 'Refusée', REDIRECTED: 'Réorientée' } as const;
const VERDICT_FR = { COMPLIANT: 'Conforme', NON_COMPLIANT: 'Non conforme' } as const;
const STATE_FR: Record<OutboxState, string> = {
  PENDING: 'En attente d’envoi',
  SENDING: 'Envoi en cours',
  ACKED: 'Acceptée',
  CONFLICT: 'En conflit',
  ERROR: 'Refusée par la Région',
  DROPPED: 'Abandonnée',
};

const EXPORTED_STATES: ReadonlySet<OutboxState> = new Set(['PENDING', 'SENDING', 'CONFLICT', 'ERROR']);

/** Quotes when needed; a leading = + - @ is neutralised so Excel never runs a cell as a formula. */
export function csvCell(value: string): string {
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const timeFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `03/09/2026 10:05:00`, Paris time: what French Excel reads as a date. */
export function frenchDateTime(iso: string | null): string {
  if (iso === null) return '';
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return '';
  const [year, month, day] = parisDate(instant).split('-');
  return `${day}/${month}/${year} ${timeFormat.format(instant)}`;
}

export function exportPendingCsv(db: AppDatabase, now: () => number): z.infer<typeof CsvExport> {
  const rows = listOutboxEntries(db).filter((r) => EXPORTED_STATES.has(r.state));
  const lines = [HEADERS.map(csvCell).join(';')];
  for (const row of rows) {
    const body = bodyOf(row);
    lines.push(
      [
        row.file_number ?? '',
        DECISION_FR[body.decision],
        VERDICT_FR[body.photoVerdict],
        body.reasonCodes.join(', '),
        body.targetUai ?? '',
        body.decidedBy.staffId,
        frenchDateTime(body.decidedAt),
        STATE_FR[row.state],
        String(row.attempts),
        row.state === 'PENDING' ? frenchDateTime(row.next_attempt_at) : '',
        row.last_error_code ?? '',
        row.message_fr ?? '',
        row.idempotency_key,
      ]
        .map(csvCell)
        .join(';'),
    );
  }
  return {
    fileName: `decisions-en-attente-${parisDate(new Date(now()))}.csv`,
    content: BOM + lines.join(CRLF) + CRLF,
    rows: rows.length,
  };
}
