/**
 * Photo check results in the store, by photo SHA-256 and checks version. Results of another
 * version are treated as missing (recomputed in the background), never shown as current.
 */
import { PhotoChecksReport, type PhotoFlaggedItem, type PhotoVerdict } from '../../../../shared/schemas/photoChecks';
import { createLogger } from '../log/logger';
import { type BackgroundStatement } from './backgroundConnection';
import { type AppDatabase } from './openDatabase';

const log = createLogger('store.photoChecks');

export function getPhotoChecks(db: AppDatabase, sha256: string, checksVersion: number): PhotoChecksReport | null {
  const row = db.sqlite
    .prepare('SELECT report_json AS json FROM photo_checks WHERE sha256 = ? AND checks_version = ?')
    .get(sha256, checksVersion) as { json: string } | undefined;
  if (!row) return null;
  const parsed = PhotoChecksReport.safeParse(JSON.parse(row.json));
  if (!parsed.success) {
    // A row this version cannot read is as good as missing: it is computed again.
    log.warn('stored photo check result unreadable, recomputed', { sha256 });
    return null;
  }
  return parsed.data;
}

const SAVE_SQL = `INSERT INTO photo_checks (sha256, checks_version, overall, report_json, computed_at)
     VALUES (@sha256, @checksVersion, @overall, @json, @computedAt)
     ON CONFLICT (sha256) DO UPDATE SET checks_version = excluded.checks_version, overall = excluded.overall,
       report_json = excluded.report_json, computed_at = excluded.computed_at`;

function saveParams(report: PhotoChecksReport): BackgroundStatement['params'] {
  return {
    sha256: report.sha256,
    checksVersion: report.checksVersion,
    overall: report.overall,
    json: JSON.stringify(report),
    computedAt: report.computedAt,
  };
}

/** The statement that stores a result (insert or replace), for `db.writeInBackground`. */
export function photoChecksWrite(report: PhotoChecksReport): BackgroundStatement {
  return { sql: SAVE_SQL, params: saveParams(report) };
}

/**
 * Cached photos used by a request without a result of this version, in hash order after `after`
 * (keyset paging along the `requests_photo_sha256` index: no sort of every request per batch, which
 * cost 27 ms on 20,000 requests — a stall of the thread answering the UI). The order carries no
 * priority: the request staff open is checked on demand.
 */
export function listUncheckedPhotos(db: AppDatabase, checksVersion: number, after: string, limit: number): string[] {
  const rows = db.sqlite
    .prepare(
      `SELECT DISTINCT r.photo_sha256 AS sha256 FROM requests r
       JOIN photos p ON p.sha256 = r.photo_sha256
       LEFT JOIN photo_checks c ON c.sha256 = r.photo_sha256 AND c.checks_version = ?
       WHERE r.photo_sha256 > ? AND c.sha256 IS NULL
       ORDER BY r.photo_sha256
       LIMIT ?`,
    )
    .all(checksVersion, after, limit) as { sha256: string }[];
  return rows.map((r) => r.sha256);
}

export function countUncheckedPhotos(db: AppDatabase, checksVersion: number): number {
  const row = db.sqlite
    .prepare(
      `SELECT COUNT(DISTINCT r.photo_sha256) AS n FROM requests r
       JOIN photos p ON p.sha256 = r.photo_sha256
       LEFT JOIN photo_checks c ON c.sha256 = r.photo_sha256 AND c.checks_version = ?
       WHERE r.photo_sha256 IS NOT NULL AND c.sha256 IS NULL`,
    )
    .get(checksVersion) as { n: number };
  return row.n;
}

/** Results of a photo no request uses any more (photos are personal data; so are their measures). */
export function deleteOrphanPhotoChecks(db: AppDatabase): number {
  return db.sqlite
    .prepare(
      'DELETE FROM photo_checks WHERE sha256 NOT IN (SELECT photo_sha256 FROM requests WHERE photo_sha256 IS NOT NULL)',
    )
    .run().changes;
}

/** Requests to review whose photo warns or fails, oldest submission first. */
export function listFlaggedRequests(
  db: AppDatabase,
  checksVersion: number,
  verdict: PhotoVerdict | 'any',
  limit: number,
): { items: PhotoFlaggedItem[]; total: number } {
  const verdicts = verdict === 'any' ? ['fail', 'warning'] : [verdict];
  const where = `c.checks_version = ? AND c.overall IN (${verdicts.map(() => '?').join(', ')})
    AND r.status = 'SUBMITTED' AND r.local_state = 'SYNCED'`;
  const total = (
    db.sqlite
      .prepare(`SELECT COUNT(*) AS n FROM requests r JOIN photo_checks c ON c.sha256 = r.photo_sha256 WHERE ${where}`)
      .get(checksVersion, ...verdicts) as { n: number }
  ).n;
  const rows = db.sqlite
    .prepare(
      `SELECT r.id AS requestId, r.file_number AS fileNumber, r.last_name AS lastName, r.first_name AS firstName,
         r.submitted_at AS submittedAt, c.report_json AS json
       FROM requests r JOIN photo_checks c ON c.sha256 = r.photo_sha256
       WHERE ${where}
       ORDER BY CASE c.overall WHEN 'fail' THEN 0 ELSE 1 END, r.submitted_at, r.id
       LIMIT ?`,
    )
    .all(checksVersion, ...verdicts, limit) as {
    requestId: string;
    fileNumber: string;
    lastName: string;
    firstName: string;
    submittedAt: string;
    json: string;
  }[];
  const items: PhotoFlaggedItem[] = [];
  for (const row of rows) {
    const parsed = PhotoChecksReport.safeParse(JSON.parse(row.json));
    if (!parsed.success) continue;
    const report = parsed.data;
    items.push({
      requestId: row.requestId,
      fileNumber: row.fileNumber,
      lastName: row.lastName,
      firstName: row.firstName,
      submittedAt: row.submittedAt,
      overall: report.overall,
      failing: report.checks.filter((c) => c.verdict === 'fail').map((c) => c.id),
      warnings: report.checks.filter((c) => c.verdict === 'warning').map((c) => c.id),
    });
  }
  return { items, total };
}
