/**
 * The retention purge (issue 7). Personal data leaves the local store:
 * - a request, `delayDays` after the Region acknowledged the last decision on it (an ACKED outbox
 *   entry of this desk, or a decided status in the Region's feed, whichever is later): its row, and
 *   with it its search keys (triggers), its photo file, and the free-text comment and conflict
 *   snapshots of its finished outbox entries (the entries themselves stay: they are the decision
 *   history, with ids and codes only);
 * - a card not revalidated in the school year before the current one (the rollover rule);
 * - every photo file no request references any more (a tombstone already drops its request and
 *   photo at once in the sync; this sweep also catches a crash between the two).
 * Never a record that ANY outbox entry referencing it (request id, card number or file number, of
 * any kind: decisions and revalidations) still has pending, sending, in conflict or in error.
 */
import { parisDate, parseSchoolYear, schoolYearForDate, schoolYearOf } from '../../../../shared/domain/schoolYear';
import { type PurgeReport, type PurgeTrigger } from '../../../../shared/schemas/retention';
import { createLogger } from '../log/logger';
import { deletePhotoIfUnused, isSha256Hex } from '../photos/photoStore';
import { type AppDatabase } from '../store/openDatabase';

const log = createLogger('retention.purge');

const DAY_MS = 86_400_000;
/** Outbox states that mean "a decision on this record is not settled": never purge under them. */
export const UNSETTLED_OUTBOX_STATES = ['PENDING', 'SENDING', 'CONFLICT', 'ERROR'] as const;

export interface PurgeOptions {
  db: AppDatabase;
  photosDir: string;
  delayDays: number;
  /** From the cached `/me`; null before the first contact (the calendar's school year is used). */
  currentSchoolYear: string | null;
  trigger: PurgeTrigger;
  now?: () => Date;
}

interface RequestCandidate {
  id: string;
  fileNumber: string;
  cardNumber: string | null;
  status: string;
  updatedAt: string;
  photoSha: string | null;
  ackedAt: string | null;
}

interface CardCandidate {
  cardNumber: string;
  fileNumber: string;
  lastYear: string | null;
  updatedAt: string;
}

function time(iso: string | null): number {
  if (iso === null) return Number.NaN;
  return Date.parse(iso);
}

/** Ids (request ids, card numbers, file numbers) some unsettled outbox entry refers to. */
function unsettledReferences(db: AppDatabase): Set<string> {
  const placeholders = UNSETTLED_OUTBOX_STATES.map(() => '?').join(', ');
  const rows = db.sqlite
    .prepare(`SELECT target_id AS targetId, file_number AS fileNumber FROM outbox WHERE state IN (${placeholders})`)
    .all(...UNSETTLED_OUTBOX_STATES) as Array<{ targetId: string; fileNumber: string | null }>;
  const refs = new Set<string>();
  for (const row of rows) {
    refs.add(row.targetId);
    if (row.fileNumber) refs.add(row.fileNumber);
  }
  return refs;
}

function previousSchoolYear(year: string): string | null {
  const parsed = parseSchoolYear(year);
  return parsed ? schoolYearOf(parsed.start - 1) : null;
}

/** Removes the comment (free text) and conflict snapshots of finished entries: they may name the student. */
function scrubFinishedOutbox(db: AppDatabase, requestId: string): void {
  const rows = db.sqlite
    .prepare("SELECT id, body FROM outbox WHERE target_id = ? AND state IN ('ACKED', 'DROPPED')")
    .all(requestId) as Array<{ id: string; body: string }>;
  const update = db.sqlite.prepare('UPDATE outbox SET body = ?, seen_json = NULL, current_json = NULL WHERE id = ?');
  for (const row of rows) {
    let body = row.body;
    try {
      const parsed = JSON.parse(row.body) as Record<string, unknown>;
      if (parsed && typeof parsed === 'object' && 'comment' in parsed) {
        delete parsed.comment;
        body = JSON.stringify(parsed);
      }
    } catch {
      // Not JSON: left as is (the ledger never wrote such a body).
    }
    update.run(body, row.id);
  }
}

export function purgeRetention(options: PurgeOptions): PurgeReport {
  const { db } = options;
  const now = (options.now ?? (() => new Date()))();
  const cutoff = now.getTime() - options.delayDays * DAY_MS;
  const schoolYear = options.currentSchoolYear ?? schoolYearForDate(parisDate(now));
  const previous = previousSchoolYear(schoolYear);
  const held = new Set<string>();
  const purgedRequests: string[] = [];
  const purgedCards: string[] = [];
  const releasedShas = new Set<string>();

  const sqlite = db.sqlite;
  // Deleted rows are overwritten in the file, not just unlinked (the file is encrypted anyway,
  // but purged data must not survive for someone holding the key either).
  const secureDelete = sqlite.pragma('secure_delete', { simple: true }) as number;
  sqlite.pragma('secure_delete = ON');
  try {
    sqlite
      .transaction(() => {
        const unsettled = unsettledReferences(db);
        const isHeld = (...ids: Array<string | null>): boolean => ids.some((id) => id !== null && unsettled.has(id));

        const requests = sqlite
          .prepare(
            `SELECT r.id, r.file_number AS fileNumber, r.card_number AS cardNumber, r.status, r.updated_at AS updatedAt,
                  r.photo_sha256 AS photoSha,
                  (SELECT max(coalesce(o.final_at, o.updated_at)) FROM outbox o
                    WHERE o.target_id = r.id AND o.state = 'ACKED') AS ackedAt
             FROM requests r
            WHERE r.status <> 'SUBMITTED'
               OR EXISTS (SELECT 1 FROM outbox o WHERE o.target_id = r.id AND o.state = 'ACKED')`,
          )
          .all() as RequestCandidate[];
        const deleteRequest = sqlite.prepare('DELETE FROM requests WHERE id = ?');
        for (const r of requests) {
          // The later of: this desk's acknowledged decision, the Region's last change of a decided request.
          const decidedAt = Math.max(
            time(r.ackedAt) || Number.NEGATIVE_INFINITY,
            r.status !== 'SUBMITTED' ? time(r.updatedAt) || Number.NEGATIVE_INFINITY : Number.NEGATIVE_INFINITY,
          );
          if (!Number.isFinite(decidedAt) || decidedAt > cutoff) continue;
          if (isHeld(r.id, r.fileNumber, r.cardNumber)) {
            held.add(r.id);
            continue;
          }
          scrubFinishedOutbox(db, r.id);
          deleteRequest.run(r.id);
          purgedRequests.push(r.id);
          if (r.photoSha && isSha256Hex(r.photoSha)) releasedShas.add(r.photoSha);
        }

        if (previous !== null) {
          const previousStart = `${previous.slice(0, 4)}-07-01T00:00:00Z`;
          const cards = sqlite
            .prepare(
              `SELECT card_number AS cardNumber, file_number AS fileNumber,
                    last_revalidated_school_year AS lastYear, updated_at AS updatedAt
               FROM cards
              WHERE last_revalidated_school_year IS NULL OR last_revalidated_school_year < ?`,
            )
            .all(previous) as CardCandidate[];
          const deleteCard = sqlite.prepare('DELETE FROM cards WHERE card_number = ?');
          for (const c of cards) {
            // A card never revalidated is stale only if the Region last touched it before the previous year.
            if (c.lastYear === null && !(time(c.updatedAt) < Date.parse(previousStart))) continue;
            if (isHeld(c.cardNumber, c.fileNumber)) {
              held.add(c.cardNumber);
              continue;
            }
            deleteCard.run(c.cardNumber);
            purgedCards.push(c.cardNumber);
          }
        }
      })
      .immediate();

    // Files after the commit (a crash in between leaves orphans, which the sweep below removes next time).
    let photos = 0;
    const orphans = sqlite
      .prepare(
        'SELECT sha256 FROM photos WHERE sha256 NOT IN (SELECT photo_sha256 FROM requests WHERE photo_sha256 IS NOT NULL)',
      )
      .all() as Array<{ sha256: string }>;
    for (const sha of new Set([...releasedShas, ...orphans.map((o) => o.sha256)])) {
      try {
        if (deletePhotoIfUnused(db, options.photosDir, sha)) photos += 1;
      } catch (error) {
        log.warn('photo could not be deleted', { errorClass: error instanceof Error ? error.name : typeof error });
      }
    }

    const report: PurgeReport = {
      ranAt: now.toISOString(),
      trigger: options.trigger,
      delayDays: options.delayDays,
      schoolYear,
      requests: { count: purgedRequests.length, ids: purgedRequests },
      cards: { count: purgedCards.length, ids: purgedCards },
      photos: { count: photos },
      heldBack: { count: held.size, ids: [...held] },
    };
    // A sync that removed nothing leaves no report (one row per sync would only bury the useful ones).
    if (options.trigger === 'manual' || purgedRequests.length + purgedCards.length + photos > 0) {
      sqlite
        .prepare('INSERT INTO purge_reports (ran_at, trigger, report) VALUES (?, ?, ?)')
        .run(report.ranAt, report.trigger, JSON.stringify(report));
    }
    log.info('purge done', {
      trigger: options.trigger,
      requests: purgedRequests.length,
      cards: purgedCards.length,
      photos,
      heldBack: held.size,
    });
    return report;
  } finally {
    sqlite.pragma(`secure_delete = ${secureDelete ? 'ON' : 'OFF'}`);
  }
}
