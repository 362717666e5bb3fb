/**
 * Decisions on the real simulator and real SQLite files: two workstations deciding the same request
 * offline, recordDecision atomicity, undo and resolve rules, the support CSV, single-flight cycles and
 * timer-driven retries, the full-resync sweep, and migration 0003 on a database holding outbox rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/main/services/store/migrate';
import { openDatabase, openStoreConnection } from '../../electron/main/services/store/openDatabase';
import { approve, cached, reject, simSuite, states, type openWorkstation } from './syncHarness';
import { TEST_STORE_KEY } from '../store/tempDir';

const suite = simSuite({ requests: 30, seed: 23 });

async function pulledWorkstation(newRequests: number, options: Parameters<typeof openWorkstation>[1] = {}) {
  const uai = suite.sim.clients.establishment.uais[0] ?? '';
  const ids = suite.sim.admin.addRequests(newRequests, uai);
  const ws = suite.open(options);
  await ws.engine.pullOnce();
  return { ws, requests: ids.map((id) => cached(ws.db, id)!) };
}

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as { ipcCode?: string }).ipcCode ?? 'untyped';
  }
  return 'none';
}

describe('decisions', () => {
  it('two workstations decide the same request offline: the first wins, the second sees a CONFLICT', async () => {
    const { ws: first, requests } = await pulledWorkstation(1);
    const second = suite.open();
    await second.engine.pullOnce();
    const request = requests[0]!;
    first.engine.recordDecision(approve(request));
    second.engine.recordDecision(reject(request));
    expect(await first.engine.pushOnce()).toMatchObject({ acked: 1 });
    expect(await second.engine.pushOnce()).toMatchObject({ conflicts: 1, acked: 0 });
    expect(suite.sim.admin.countDecisions(request.id)).toBe(1);
    const [problem] = second.engine.listProblems();
    expect(problem?.decision).toMatchObject({ state: 'CONFLICT', errorCode: 'already-decided', decision: 'REJECTED' });
    expect(problem?.current).toMatchObject({ status: 'PREVALIDATED', prevalidation: { decision: 'APPROVED' } });
    expect(problem?.seen?.version).toBe(request.version);
    // Never a silent overwrite: the server still shows the first workstation's decision.
    const server = suite.sim.admin.getRequest(request.id) as { request: { status: string } };
    expect(server.request.status).toBe('PREVALIDATED');
  });

  it('recordDecision is one transaction: an entry and the local state, or nothing', async () => {
    const { ws, requests } = await pulledWorkstation(2);
    const [ok, failing] = requests as [NonNullable<(typeof requests)[0]>, NonNullable<(typeof requests)[0]>];
    const view = ws.engine.recordDecision(approve(ok));
    expect(view).toMatchObject({ state: 'PENDING', attempts: 0, seenVersion: ok.version, requestId: ok.id });
    expect(cached(ws.db, ok.id)?.local_state).toBe('PENDING');
    const row = ws.db.sqlite
      .prepare('SELECT idempotency_key, if_match_version FROM outbox WHERE id = ?')
      .get(view.id) as {
      idempotency_key: string;
      if_match_version: number;
    };
    expect(row.idempotency_key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row.if_match_version).toBe(ok.version);
    // Make the local-state write fail: the outbox insert must roll back with it.
    ws.db.sqlite.exec(`CREATE TEMP TRIGGER refuse_state BEFORE UPDATE OF local_state ON requests
      WHEN new.id = '${failing.id}' BEGIN SELECT RAISE(ABORT, 'refused'); END;`);
    expect(() => ws.engine.recordDecision(approve(failing))).toThrow();
    ws.db.sqlite.exec('DROP TRIGGER refuse_state');
    expect(ws.engine.listDecisions().map((d) => d.requestId)).toEqual([ok.id]);
    expect(cached(ws.db, failing.id)?.local_state).toBe('SYNCED');
    // Refusals are typed and write nothing.
    expect(errorCode(() => ws.engine.recordDecision(approve(ok)))).toBe('CONFLICT');
    expect(errorCode(() => ws.engine.recordDecision({ ...approve(failing), seenVersion: failing.version + 1 }))).toBe(
      'INVALID_INPUT',
    );
    expect(
      errorCode(() => ws.engine.recordDecision(approve({ id: '00000000-0000-4000-8000-000000000000', version: 1 }))),
    ).toBe('NOT_FOUND');
    expect(ws.engine.listDecisions()).toHaveLength(1);
  });

  it('undo only while PENDING and never sent', async () => {
    const { ws, requests } = await pulledWorkstation(2);
    const [a, b] = requests as [NonNullable<(typeof requests)[0]>, NonNullable<(typeof requests)[0]>];
    const undone = ws.engine.undoDecision(ws.engine.recordDecision(approve(a)).id);
    expect(undone).toMatchObject({ state: 'DROPPED', errorCode: 'undone' });
    expect(cached(ws.db, a.id)?.local_state).toBe('SYNCED');
    // A new decision on it is possible again, with a new key.
    const again = ws.engine.recordDecision(reject(a));
    expect(again.id).not.toBe(undone.id);
    // Sent once (attempts = 1) but not acknowledged: locked.
    const sent = ws.engine.recordDecision(approve(b));
    suite.sim.faults.configure({ seed: 1, resetRate: { batch: 1 } });
    await ws.engine.pushOnce();
    suite.sim.faults.reset();
    expect(ws.engine.listDecisions().find((d) => d.id === sent.id)).toMatchObject({ state: 'PENDING', attempts: 1 });
    expect(errorCode(() => ws.engine.undoDecision(sent.id))).toBe('CONFLICT');
    expect(errorCode(() => ws.engine.undoDecision('00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
  });

  it('resolve: keep resends on the current version, redecide replaces, drop gives up (kept for audit)', async () => {
    const { ws, requests } = await pulledWorkstation(3);
    const [kept, redecided, dropped] = requests as [
      NonNullable<(typeof requests)[0]>,
      NonNullable<(typeof requests)[0]>,
      NonNullable<(typeof requests)[0]>,
    ];
    const views = [kept, redecided, dropped].map((r) => ws.engine.recordDecision(approve(r)));
    for (const r of [kept, redecided, dropped]) suite.sim.admin.changeRequest(r.id, 'address');
    expect(await ws.engine.pushOnce()).toMatchObject({ conflicts: 3 });
    expect(ws.engine.listProblems().every((p) => p.decision.errorCode === 'version-conflict')).toBe(true);

    const keep = ws.engine.resolve({ action: 'keep', decisionId: views[0]!.id });
    const current = (suite.sim.admin.getRequest(kept.id) as { request: { version: number } }).request.version;
    expect(keep).toMatchObject({ state: 'PENDING', seenVersion: current, decision: 'APPROVED' });
    const redo = ws.engine.resolve({
      action: 'redecide',
      decisionId: views[1]!.id,
      draft: { ...reject(redecided), seenVersion: current },
    });
    expect(redo).toMatchObject({ state: 'PENDING', decision: 'REJECTED' });
    const drop = ws.engine.resolve({ action: 'drop', decisionId: views[2]!.id });
    expect(drop).toMatchObject({ state: 'DROPPED' });
    expect(errorCode(() => ws.engine.resolve({ action: 'drop', decisionId: views[2]!.id }))).toBe('CONFLICT');

    expect(await ws.engine.pushOnce()).toMatchObject({ acked: 2, conflicts: 0 });
    expect(suite.sim.admin.countDecisions(kept.id)).toBe(1);
    expect(suite.sim.admin.countDecisions(redecided.id)).toBe(1);
    expect(suite.sim.admin.countDecisions(dropped.id)).toBe(0);
    expect(states(ws.engine)).toEqual({ ACKED: 2, DROPPED: 3 });
    expect(ws.engine.listProblems()).toEqual([]);
    expect(cached(ws.db, dropped.id)?.local_state).toBe('SYNCED');
  });

  it('exports unacknowledged decisions as a French Excel CSV (BOM, ;, CRLF), file number as only identifier', async () => {
    const { ws, requests } = await pulledWorkstation(2);
    ws.engine.recordDecision({ ...reject(requests[0]!), comment: 'Nom; "prénom"\nautre ligne' });
    ws.engine.recordDecision(approve(requests[1]!));
    const csv = ws.engine.exportPendingCsv();
    expect(csv.rows).toBe(2);
    expect(csv.fileName).toMatch(/^decisions-en-attente-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.content.startsWith('\uFEFF')).toBe(true);
    const lines = csv.content.slice(1).split('\r\n');
    expect(lines).toHaveLength(4); // header, 2 rows, final empty after the last CRLF
    expect(lines[3]).toBe('');
    expect(lines[0]).toBe(
      'Numéro de dossier;Décision;Avis sur la photo;Motifs;Établissement de réorientation;Décidé par (identifiant);' +
        'Décidé le;État;Tentatives;Prochain essai;Code;Explication;Clé d’idempotence',
    );
    // Two decisions recorded in the same millisecond have no defined order: find the refusal by its file number.
    const server = suite.sim.admin.getRequest(requests[0]!.id) as {
      request: { fileNumber: string; student: { lastName: string; email: string } };
    };
    const row = lines.slice(1, 3).find((line) => line.startsWith(`${server.request.fileNumber};`));
    expect(row).toBeDefined();
    const cells = row!.split(';');
    expect(cells[1]).toBe('Refusée');
    expect(cells[6]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(cells[7]).toBe('En attente d’envoi');
    // No personal data beyond the file number: no names, no free-text comment.
    expect(cells[0]).toBe(server.request.fileNumber);
    expect(csv.content).not.toContain(server.request.student.lastName);
    expect(csv.content).not.toContain(server.request.student.email);
    expect(csv.content).not.toContain('prénom');
    await ws.engine.pushOnce();
    expect(ws.engine.exportPendingCsv().rows).toBe(0);
  });

  it('single-flight: triggers during a cycle give exactly one follow-up cycle', async () => {
    const ws = suite.open();
    const before = suite.sim.admin.callCount('me');
    const a = ws.engine.syncNow('manual');
    const b = ws.engine.syncNow('manual');
    const c = ws.engine.syncNow('wake');
    expect(b).toBe(c);
    const [sa, sb] = await Promise.all([a, b, c]);
    expect(sa.phase).toBe('idle');
    expect(sb.phase).toBe('idle');
    // /me once (start of the first cycle; the follow-up reuses it): two cycles, not three.
    expect(suite.sim.admin.callCount('me') - before).toBe(1);
    const feedCalls = suite.sim.admin.callCount('requestFeed');
    await ws.engine.syncNow('manual');
    expect(suite.sim.admin.callCount('requestFeed') - feedCalls).toBe(2); // one page per UAI
  });

  it('retries are driven by a timer at the earliest next attempt, not by a new local write', async () => {
    const { ws, requests } = await pulledWorkstation(1, { backoff: { baseMs: 50, capMs: 200 } });
    ws.engine.recordDecision(approve(requests[0]!));
    suite.sim.faults.configure({ seed: 1, errorRate: { batch: 1 } });
    ws.engine.start();
    await ws.engine.syncNow('manual');
    const status = ws.engine.status();
    expect(status.pending).toBe(1);
    expect(status.nextAttemptAt).not.toBeNull();
    suite.sim.faults.reset();
    const deadline = Date.now() + 5_000;
    while (ws.engine.status().pending > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(ws.engine.status()).toMatchObject({ pending: 0, phase: 'idle' });
    expect(suite.sim.admin.countDecisions(requests[0]!.id)).toBe(1);
    await ws.engine.stop();
  });

  it('offline: status says so in French, then back online through a connection check', async () => {
    const ws = suite.open();
    suite.sim.faults.offline(true);
    const down = await ws.engine.syncNow('manual');
    expect(down).toMatchObject({ phase: 'offline', connection: 'offline' });
    expect(down.message).toContain('Hors ligne');
    suite.sim.faults.offline(false);
    expect(await ws.engine.checkConnection()).toMatchObject({ connection: 'online' });
  });

  it('full resync sweeps undelivered rows but turns a pending decision on one into a CONFLICT', async () => {
    const { ws, requests } = await pulledWorkstation(2);
    const [moved, kept] = requests as [NonNullable<(typeof requests)[0]>, NonNullable<(typeof requests)[0]>];
    ws.engine.recordDecision(approve(moved));
    // Rows the Region no longer attaches to this UAI (tombstones lost): only a full resync can tell.
    // Local ghosts stand for them: ids the Region does not know, one of them with a pending decision.
    ws.db.sqlite
      .prepare("UPDATE sync_cursors SET cursor = NULL, full_resync_started_at = NULL WHERE feed = 'requests'")
      .run();
    ws.db.sqlite.prepare("UPDATE requests SET id = '11111111-1111-4111-8111-111111111111' WHERE id = ?").run(kept.id);
    ws.db.sqlite
      .prepare("UPDATE outbox SET target_id = '22222222-2222-4222-8222-222222222222' WHERE target_id = ?")
      .run(moved.id);
    ws.db.sqlite.prepare("UPDATE requests SET id = '22222222-2222-4222-8222-222222222222' WHERE id = ?").run(moved.id);
    const pull = await ws.engine.pullOnce();
    expect(pull.fullResync).toBe(true);
    expect(cached(ws.db, '11111111-1111-4111-8111-111111111111')).toBeUndefined();
    expect(cached(ws.db, '22222222-2222-4222-8222-222222222222')?.local_state).toBe('CONFLICT');
    expect(ws.engine.listProblems()[0]?.decision).toMatchObject({ state: 'CONFLICT', errorCode: 'not-delivered' });
  });
});

describe('migration 0003', () => {
  it('adds DROPPED and the answer columns on an empty database', () => {
    const db = new Database(':memory:');
    migrate(db, { target: 3 });
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').all('outbox') as { name: string }[]).map(
      (c) => c.name,
    );
    expect(columns).toEqual(expect.arrayContaining(['current_json', 'seen_json', 'message_fr', 'uai', 'final_at']));
    db.prepare(
      `INSERT INTO outbox (id, kind, target_id, idempotency_key, body, state, created_at, updated_at, decided_by_staff_id)
       VALUES ('a', 'PREVALIDATION', 't', 'k', '{}', 'DROPPED', 'now', 'now', 's')`,
    ).run();
    expect(() =>
      db
        .prepare(
          `INSERT INTO outbox (id, kind, target_id, idempotency_key, body, state, created_at, updated_at, decided_by_staff_id)
           VALUES ('b', 'PREVALIDATION', 't', 'k2', '{}', 'LOST', 'now', 'now', 's')`,
        )
        .run(),
    ).toThrow();
    db.close();
  });

  it('keeps every outbox row of a schema-2 database, keys and indexes included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hdf-m3-'));
    try {
      const file = join(dir, 'v2.sqlite');
      const raw = openStoreConnection(file, TEST_STORE_KEY);
      migrate(raw, { target: 2 });
      const insert = raw.prepare(
        `INSERT INTO outbox (id, kind, target_id, idempotency_key, if_match_version, body, state, attempts,
           next_attempt_at, last_error_code, created_at, updated_at, decided_by_staff_id)
         VALUES (?, 'PREVALIDATION', ?, ?, 4, '{"decision":"APPROVED"}', ?, ?, ?, ?, '2026-09-01T08:00:00Z',
           '2026-09-01T08:00:00Z', 'secretariat')`,
      );
      const states = ['PENDING', 'SENDING', 'ACKED', 'CONFLICT', 'ERROR'];
      states.forEach((state, i) =>
        insert.run(`id-${i}`, `req-${i}`, `key-${i}`, state, i, i === 0 ? '2026-09-01T09:00:00Z' : null, null),
      );
      const before = raw.prepare('SELECT * FROM outbox ORDER BY id').all();
      raw.close();

      const db = openDatabase({ key: TEST_STORE_KEY, file });
      // Opened at the latest schema (later migrations keep what 0003 did).
      expect(db.schemaVersion).toBeGreaterThanOrEqual(3);
      const after = db.sqlite
        .prepare(
          `SELECT id, kind, target_id, idempotency_key, if_match_version, body, state, attempts, next_attempt_at,
             last_error_code, created_at, updated_at, decided_by_staff_id FROM outbox ORDER BY id`,
        )
        .all();
      expect(after).toEqual(before);
      const indexes = (
        db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox'").all() as {
          name: string;
        }[]
      ).map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining(['outbox_due', 'outbox_target']));
      expect(() =>
        db.sqlite
          .prepare(
            `INSERT INTO outbox (id, kind, target_id, idempotency_key, body, created_at, updated_at, decided_by_staff_id)
             VALUES ('x', 'PREVALIDATION', 't', 'key-0', '{}', 'now', 'now', 's')`,
          )
          .run(),
      ).toThrow(/UNIQUE/);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
