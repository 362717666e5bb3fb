/**
 * The desk's daily record: revalidations and look-ups done today (Paris date) with their sync
 * state, and its CSV export for the establishment's files — what French Excel opens as is (UTF-8
 * with BOM, `;` separators, CRLF, Paris times). Names are in it: it is the establishment's own
 * register of the students it revalidated; birth dates and INE are not.
 */
import { type z } from 'zod';
import { parisDate } from '../../../../shared/domain/schoolYear';
import { type CsvExport } from '../../../../shared/ipc/contract';
import { type OutboxState } from '../../../../shared/schemas/domain';
import { type DailyRecord, type LookupState } from '../../../../shared/schemas/revalidation';
import { type AppDatabase } from '../store/openDatabase';
import { cardLookupsSince } from '../store/cardLookupsRepo';
import { revalidationsSince } from '../store/revalidationsRepo';
import { statementCache } from '../store/statementCache';
import { csvCell, frenchDateTime } from '../sync/pendingCsv';
import { lookupView, revalidationView } from './revalidationViews';

const BOM = '\uFEFF';
const CRLF = '\r\n';
/** Rows of « today » are found among those of the last 36 hours, then kept by Paris date. */
const WINDOW_MS = 36 * 3_600_000;

const statements = statementCache((sqlite) => ({
  names: sqlite.prepare<[string], { last_name: string; first_name: string }>(
    'SELECT last_name, first_name FROM cards WHERE card_number = ?',
  ),
}));

export function dailyRecord(db: AppDatabase, nowMs: number): DailyRecord {
  const today = parisDate(new Date(nowMs));
  const since = new Date(nowMs - WINDOW_MS).toISOString();
  const isToday = (iso: string) => parisDate(new Date(iso)) === today;
  const names = statements(db).names;
  const revalidations = revalidationsSince(db, since)
    .filter((row) => isToday(row.created_at))
    .map((row) => {
      const found = names.get(row.target_id);
      return revalidationView(row, found ? { lastName: found.last_name, firstName: found.first_name } : null);
    });
  const lookups = cardLookupsSince(db, since)
    .filter((row) => isToday(row.created_at))
    .map(lookupView);
  return { date: today, revalidations, lookups };
}

const HEADERS = [
  'Heure',
  'Opération',
  'Numéro de carte',
  'Numéro de dossier',
  'Nom',
  'Prénom',
  'Année scolaire',
  'Formation',
  'Classe',
  'Établissement',
  'État',
  'Explication',
] as const;

const TRAINING_FR = { LYCEE: 'Lycée', LP: 'Lycée professionnel', APPRENTICE: 'Apprentissage' } as const;
const STATE_FR: Record<OutboxState, string> = {
  PENDING: 'En attente d’envoi',
  SENDING: 'Envoi en cours',
  ACKED: 'Acceptée par la Région',
  CONFLICT: 'En conflit',
  ERROR: 'Refusée par la Région',
  DROPPED: 'Abandonnée',
};
const LOOKUP_STATE_FR: Record<LookupState, string> = {
  PENDING: 'Recherche en attente de connexion',
  FOUND: 'Carte trouvée',
  NOT_FOUND: 'Introuvable : à vérifier avec l’élève',
  REFUSED: 'Revalidation impossible',
};

export function exportDailyCsv(db: AppDatabase, nowMs: number): z.infer<typeof CsvExport> {
  const record = dailyRecord(db, nowMs);
  const lines = [HEADERS.map(csvCell).join(';')];
  for (const r of record.revalidations) {
    lines.push(
      [
        frenchDateTime(r.createdAt),
        'Revalidation',
        r.cardNumber,
        r.fileNumber ?? '',
        r.lastName ?? '',
        r.firstName ?? '',
        r.schoolYear,
        TRAINING_FR[r.training.type],
        r.training.classLabel ?? '',
        r.uai,
        STATE_FR[r.state],
        r.messageFr ?? '',
      ]
        .map(csvCell)
        .join(';'),
    );
  }
  for (const l of record.lookups) {
    lines.push(
      [
        frenchDateTime(l.createdAt),
        'Recherche auprès de la Région',
        l.kind === 'CARD_NUMBER' ? l.value : (l.cardNumber ?? ''),
        l.kind === 'FILE_NUMBER' ? l.value : '',
        '',
        '',
        '',
        l.training ? TRAINING_FR[l.training.type] : '',
        l.training?.classLabel ?? '',
        '',
        LOOKUP_STATE_FR[l.state],
        l.messageFr ?? '',
      ]
        .map(csvCell)
        .join(';'),
    );
  }
  return {
    fileName: `revalidations-${record.date}.csv`,
    content: BOM + lines.join(CRLF) + CRLF,
    rows: record.revalidations.length + record.lookups.length,
  };
}
