/**
 * Sync-side events in the audit log: a decision the Region answered with a conflict (or that the
 * feed settled against another workstation's) is appended once, as `conflict.detected` by `system`,
 * with the request id and the decision id. The sync engine marks conflicts in several places; the
 * outbox is their one source of truth, so this reads it instead of hooking each of them.
 */
import { type AppDatabase } from '../store/openDatabase';
import { type AuditLog } from './auditLog';

export function createConflictAuditor(db: AppDatabase, audit: AuditLog): () => number {
  const unseen = db.sqlite.prepare(
    `SELECT o.id AS id, o.target_id AS target_id, o.kind AS kind FROM outbox o
     WHERE o.state = 'CONFLICT' AND NOT EXISTS (
       SELECT 1 FROM audit_log a
       WHERE a.action = 'conflict.detected' AND a.record_id = o.target_id
         AND json_extract(a.details, '$.decisionId') = o.id)
     ORDER BY o.updated_at, o.id`,
  );
  return () => {
    const rows = unseen.all() as { id: string; target_id: string; kind: string }[];
    for (const row of rows) {
      audit.append({
        actorId: 'system',
        action: 'conflict.detected',
        recordId: row.target_id,
        detail: { decisionId: row.id, kind: row.kind },
      });
    }
    return rows.length;
  };
}
