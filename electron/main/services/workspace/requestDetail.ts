/**
 * The detail panel of one request: the cached snapshot and its local state, the student's age on
 * today's Paris date, address warnings, the returning student's previous card, this request's
 * decisions (newest first), whether the photo can be shown offline, and the sibling establishment
 * proposed for a redirection.
 */
import { addressWarnings } from '../../../../shared/domain/addressCompleteness';
import { ageOn, parisDate } from '../../../../shared/domain/schoolYear';
import { type RequestDetail } from '../../../../shared/ipc/contract';
import { type ActiveRequest, type Card as CardT } from '../../../../shared/region-api/schemas';
import { normalizeForSearch } from '../../../../shared/text/normalizeForSearch';
import { HandlerError } from '../ipc/errorToResult';
import { hasPhoto } from '../photos/photoStore';
import { getCard } from '../store/cardsRepo';
import { type AppDatabase } from '../store/openDatabase';
import { outboxEntriesFor } from '../store/outboxRepo';
import { getRequest } from '../store/requestsRepo';
import { statementCache } from '../store/statementCache';
import { decisionView } from '../sync/decisionRecords';
import { siblingEstablishment } from './siblingEstablishment';

export const REQUEST_NOT_CACHED = 'Cette demande n’est pas (ou plus) dans les données de ce poste.';

export interface DetailContext {
  db: AppDatabase;
  photosDir: string;
  now?: () => Date;
}

const statements = statementCache((sqlite) => ({
  // Through the student search's name index: cards are its odd document ids.
  sameStudentCard: sqlite.prepare<[string, string, string], { cardNumber: string }>(
    `SELECT c.card_number AS cardNumber FROM student_names n JOIN cards c ON c.row_id = (n.doc - 1) / 2
      WHERE n.search_last = ? AND n.search_first = ? AND n.doc % 2 = 1 AND c.birth_date = ?
      ORDER BY c.updated_at DESC, c.row_id DESC LIMIT 1`,
  ),
}));

/** The roster card this student had: by the card number the request names, else same name and birth date. */
export function previousCard(db: AppDatabase, request: ActiveRequest): CardT | null {
  if (request.cardNumber) {
    const card = getCard(db, request.cardNumber);
    if (card) return card;
  }
  const match = statements(db).sameStudentCard.get(
    normalizeForSearch(request.student.lastName),
    normalizeForSearch(request.student.firstName),
    request.student.birthDate,
  );
  return match ? getCard(db, match.cardNumber) : null;
}

export function requestDetail(context: DetailContext, requestId: string): RequestDetail {
  const { db } = context;
  const stored = getRequest(db, requestId);
  if (!stored) throw new HandlerError('NOT_FOUND', REQUEST_NOT_CACHED);
  const { request } = stored;
  const today = parisDate(context.now?.() ?? new Date());
  const decisions = outboxEntriesFor(db, requestId)
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id))
    .map(decisionView);
  return {
    request,
    localState: stored.localState,
    age: ageOn(request.student.birthDate, today),
    addressWarnings: addressWarnings(request.address),
    previousCard: request.isReturningStudent || request.cardNumber ? previousCard(db, request) : null,
    decisions,
    photoCached: request.photo !== null && hasPhoto(db, context.photosDir, request.photo.sha256),
    siblingEstablishment: siblingEstablishment(db, request.establishmentUai),
  };
}
