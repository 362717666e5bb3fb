import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditCsv } from '../../electron/main/services/audit/auditCsv';
import { createAuditLog, type AuditLogService } from '../../electron/main/services/audit/auditLog';
import { chainHash, GENESIS_HASH } from '../../electron/main/services/audit/auditChain';
import { auditRecordsFor } from '../../electron/main/services/audit/auditedChannels';
import { setStderrLogging } from '../../electron/main/services/log/logger';
import { openDatabase, type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { makeTempDir, TEST_STORE_KEY } from '../store/tempDir';

let tmp: ReturnType<typeof makeTempDir>;
let db: AppDatabase;
let audit: AuditLogService;
let now: number;

const REQUEST = '6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b';

beforeEach(() => {
  setStderrLogging(false);
  tmp = makeTempDir();
  db = openDatabase({ file: join(tmp.dir, 'audit.sqlite'), key: TEST_STORE_KEY });
  now = Date.parse('2026-09-03T08:00:00Z');
  audit = createAuditLog({ db, now: () => new Date((now += 60_000)) });
  audit.append({ actorId: 'staff-a', action: 'auth.signIn' });
  audit.append({
    actorId: 'staff-a',
    action: 'decision.record',
    recordId: REQUEST,
    detail: { decision: 'PREVALIDATED' },
  });
  audit.append({ actorId: 'staff-b', action: 'export.pendingDecisions', detail: { rows: 3 } });
  audit.append({ actorId: 'system', action: 'conflict.detected', recordId: REQUEST });
});
afterEach(() => {
  db.close();
  tmp.remove();
  setStderrLogging(true);
});

/** What an attacker with the file and its key could do: the triggers only guard the app's own connection. */
function tamper(sql: string, ...params: unknown[]): void {
  db.sqlite.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  db.sqlite.prepare(sql).run(...params);
}

describe('audit log chain', () => {
  it('chains each row to the previous by sha256(prev_hash + canonical row) and verifies', () => {
    const rows = db.sqlite.prepare('SELECT * FROM audit_log ORDER BY seq').all() as {
      seq: number;
      at: string;
      actor: string;
      action: string;
      record_id: string | null;
      details: string | null;
      prev_hash: string;
      hash: string;
    }[];
    expect(rows).toHaveLength(4);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    const r = rows[1]!;
    expect(r.hash).toBe(
      chainHash(r.prev_hash, {
        seq: r.seq,
        at: r.at,
        actor: r.actor,
        action: r.action,
        recordId: r.record_id,
        details: r.details,
      }),
    );
    expect(audit.verify()).toEqual({ ok: true, checked: 4, brokenAtSeq: null, problem: null });
  });

  it('refuses UPDATE and DELETE through the app connection (append-only)', () => {
    expect(() => db.sqlite.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.sqlite.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow(/append-only/);
  });

  it('detects an edited row', () => {
    tamper("UPDATE audit_log SET actor = 'staff-c' WHERE seq = 2");
    expect(audit.verify()).toEqual({ ok: false, checked: 1, brokenAtSeq: 2, problem: 'hash-mismatch' });
  });

  it('detects an edited row whose own hash was recomputed (the next link breaks)', () => {
    const row = db.sqlite.prepare('SELECT * FROM audit_log WHERE seq = 2').get() as { at: string; prev_hash: string };
    const forged = chainHash(row.prev_hash, {
      seq: 2,
      at: row.at,
      actor: 'staff-c',
      action: 'decision.record',
      recordId: REQUEST,
      details: '{"decision":"PREVALIDATED"}',
    });
    tamper("UPDATE audit_log SET actor = 'staff-c', hash = ? WHERE seq = 2", forged);
    expect(audit.verify()).toMatchObject({ ok: false, brokenAtSeq: 3, problem: 'link-broken' });
  });

  it('detects a removed row', () => {
    tamper('DELETE FROM audit_log WHERE seq = 3');
    expect(audit.verify()).toMatchObject({ ok: false, brokenAtSeq: 4, problem: 'row-missing' });
  });

  it('keeps chaining after a restart of the services', () => {
    const reopened = createAuditLog({ db });
    reopened.append({ actorId: 'staff-a', action: 'auth.signOut' });
    expect(audit.verify()).toMatchObject({ ok: true, checked: 5 });
  });

  it('refuses details that are not short ids or codes', () => {
    expect(() =>
      audit.append({ actorId: 'staff-a', action: 'staff.add', detail: { note: 'x'.repeat(200) } }),
    ).toThrow();
    expect(() => audit.append({ actorId: 'staff-a', action: 'staff.add', detail: { 'bad key': 1 } })).toThrow();
    expect(audit.verify()).toMatchObject({ ok: true, checked: 4 });
  });
});

describe('audit log filters and export', () => {
  it('filters by actor, action, record and period, newest first, paged', () => {
    expect(audit.list({ actorId: 'staff-a' }, 0, 10).rows.map((r) => r.action)).toEqual([
      'decision.record',
      'auth.signIn',
    ]);
    expect(audit.list({ recordId: REQUEST }, 0, 10).total).toBe(2);
    expect(audit.list({ action: 'export.pendingDecisions' }, 0, 10).rows[0]).toMatchObject({
      actorId: 'staff-b',
      detail: { rows: 3 },
    });
    const page = audit.list({}, 1, 2);
    expect(page).toMatchObject({ total: 4 });
    expect(page.rows.map((r) => r.seq)).toEqual([3, 2]);
    expect(
      audit.list({ from: '2026-09-03T10:02:00+02:00', to: '2026-09-03T08:03:00Z' }, 0, 10).rows.map((r) => r.seq),
    ).toEqual([3, 2]);
  });

  it('exports a CSV French Excel opens, with ids only and formula-like cells neutralised', () => {
    const csv = auditCsv(audit.all({}));
    expect(csv.startsWith('\uFEFFnumero;horodatage;auteur;action;enregistrement;details;empreinte\r\n')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(6);
    expect(csv).toContain(`;staff-a;decision.record;${REQUEST};decision=PREVALIDATED;`);
    const hostile = auditCsv([
      {
        seq: 9,
        at: '2026-09-03T08:00:00.000Z',
        actorId: '=cmd',
        action: 'x;y',
        recordId: null,
        detail: null,
        hash: 'h',
      },
    ]);
    expect(hostile).toContain(`;'=cmd;"x;y";`);
  });
});

describe('audited channels', () => {
  it('keeps ids and codes of decisions, never the comment', () => {
    const decision = {
      id: '0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e',
      requestId: REQUEST,
      decision: 'REJECTED',
      comment: 'Élève Dupont inconnu',
    };
    const records = auditRecordsFor('decisions:record', { comment: 'Élève Dupont inconnu' }, decision);
    expect(records).toEqual([
      { action: 'decision.record', recordId: REQUEST, detail: { decisionId: decision.id, decision: 'REJECTED' } },
    ]);
    expect(JSON.stringify(records)).not.toContain('Dupont');
    expect(auditRecordsFor('settings:update', { clientSecret: 'hunter2-secret' }, {})).toEqual([
      { action: 'settings.update', detail: { clientSecretChanged: true } },
    ]);
    expect(auditRecordsFor('students:search', { query: 'dupont' }, { hits: [] })).toEqual([]);
    const revalidation = { id: '1b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e', schoolYear: '2026-2027', lastName: 'Dupont' };
    expect(
      auditRecordsFor(
        'revalidations:recordBatch',
        {},
        {
          results: [
            { outcome: 'RECORDED', revalidation },
            { outcome: 'REFUSED', revalidation: null },
          ],
        },
      ),
    ).toEqual([
      { action: 'revalidation.record', recordId: revalidation.id, detail: { schoolYear: '2026-2027', batch: true } },
    ]);
  });
});
