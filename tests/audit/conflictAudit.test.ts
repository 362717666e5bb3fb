import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog, type AuditLogService } from '../../electron/main/services/audit/auditLog';
import { createConflictAuditor } from '../../electron/main/services/audit/conflictAudit';
import { setStderrLogging } from '../../electron/main/services/log/logger';
import { openDatabase, type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { makeTempDir, TEST_STORE_KEY } from '../store/tempDir';

let tmp: ReturnType<typeof makeTempDir>;
let db: AppDatabase;
let audit: AuditLogService;

beforeEach(() => {
  setStderrLogging(false);
  tmp = makeTempDir();
  db = openDatabase({ file: join(tmp.dir, 'c.sqlite'), key: TEST_STORE_KEY });
  audit = createAuditLog({ db });
});
afterEach(() => {
  db.close();
  tmp.remove();
  setStderrLogging(true);
});

function queue(id: string, requestId: string): void {
  db.sqlite
    .prepare(
      `INSERT INTO outbox (id, kind, target_id, idempotency_key, body, created_at, updated_at, decided_by_staff_id)
       VALUES (?, 'PREVALIDATION', ?, ?, '{}', '2026-09-03T08:00:00Z', '2026-09-03T08:00:00Z', 'staff-1')`,
    )
    .run(id, requestId, `key-${id}`);
}
const conflict = (id: string) => db.sqlite.prepare("UPDATE outbox SET state = 'CONFLICT' WHERE id = ?").run(id);

describe('conflicts detected by the sync engine reach the audit log once', () => {
  it('appends one system entry per decision in conflict, with ids only', () => {
    const auditConflicts = createConflictAuditor(db, audit);
    queue('d1', 'r1');
    queue('d2', 'r2');
    expect(auditConflicts()).toBe(0);
    conflict('d1');
    expect(auditConflicts()).toBe(1);
    expect(auditConflicts()).toBe(0);
    conflict('d2');
    expect(auditConflicts()).toBe(1);
    expect(audit.all({ action: 'conflict.detected' }).map((e) => [e.actorId, e.recordId, e.detail])).toEqual([
      ['system', 'r1', { decisionId: 'd1', kind: 'PREVALIDATION' }],
      ['system', 'r2', { decisionId: 'd2', kind: 'PREVALIDATION' }],
    ]);
    // After a restart, nothing is appended twice.
    expect(createConflictAuditor(db, audit)()).toBe(0);
    expect(audit.verify().ok).toBe(true);
  });
});
