/**
 * Revalidation against the REAL simulator over HTTP, through a real SQLite store and the real sync
 * engine: online and offline, already revalidated, lost, blocked, revalidated elsewhere (409),
 * refused (422) without blocking others, look-ups asked at once or recorded offline and resolved
 * at the next sync.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSimulator } from '../../region-sim/index';
import { lookupRemote } from '../../electron/main/services/revalidation/cardLookups';
import { dailyRecord } from '../../electron/main/services/revalidation/dailyRecord';
import {
  calendarOf,
  recordRevalidation,
  recordRevalidationBatch,
} from '../../electron/main/services/revalidation/revalidationLedger';
import { deskLookup, rosterSelection } from '../../electron/main/services/revalidation/rosterQuery';
import {
  dismissRevalidation,
  listRevalidationProblems,
} from '../../electron/main/services/revalidation/revalidationProblems';
import { getOutboxEntry } from '../../electron/main/services/store/outboxRepo';
import { revalidationsForCard } from '../../electron/main/services/store/revalidationsRepo';
import { type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { closeSim, openWorkstation, startSim, type Workstation } from '../sync/syncHarness';

interface CardRow {
  card_number: string;
  file_number: string;
  birth_date: string;
  status: string;
  establishment_uai: string | null;
  last_revalidated_school_year: string | null;
  class_label: string | null;
}

const YEAR = '2026-2027';
const TRAINING = { type: 'LYCEE' as const, classLabel: '1re générale' };

function cards(db: AppDatabase, where: string, limit = 50): CardRow[] {
  return db.sqlite
    .prepare(
      `SELECT card_number, file_number, birth_date, status, establishment_uai, last_revalidated_school_year, class_label
       FROM cards WHERE ${where} ORDER BY card_number LIMIT ${limit}`,
    )
    .all() as CardRow[];
}

const dueWhere = `status = 'ACTIVE' AND last_revalidated_school_year IS NOT '${YEAR}' AND establishment_uai IS NOT NULL`;

function revalidationCalls(sim: RunningSimulator): number {
  return sim.admin.callCount('revalidate');
}

describe('revalidation against the simulator', () => {
  let world: Awaited<ReturnType<typeof startSim>>;
  let ws: Workstation;

  beforeAll(async () => {
    world = await startSim({ requests: 400, seed: 11 });
  });
  afterAll(async () => {
    await closeSim(world);
  });
  beforeEach(async () => {
    world.sim.faults.offline(false);
    ws = openWorkstation(world.sim);
    await ws.engine.pullOnce();
  });
  afterEach(async () => {
    world.sim.faults.offline(false);
    await ws.close();
  });

  const ctx = () => ws.engine.ledgerContext();

  it('revalidates online: recorded with a key, acknowledged, the card updated; a second time does nothing', async () => {
    const [card] = cards(ws.db, dueWhere, 1);
    expect(card).toBeDefined();
    const result = recordRevalidation(ctx(), { cardNumber: card!.card_number, training: TRAINING });
    expect(result.outcome).toBe('RECORDED');
    const id = result.revalidation!.id;
    const key = getOutboxEntry(ws.db, id)!.idempotency_key;
    await ws.engine.pushOnce();
    const row = getOutboxEntry(ws.db, id)!;
    expect(row.state).toBe('ACKED');
    expect(row.idempotency_key).toBe(key);
    const after = cards(ws.db, `card_number = '${card!.card_number}'`)[0]!;
    expect(after.last_revalidated_school_year).toBe(YEAR);

    const again = recordRevalidation(ctx(), { cardNumber: card!.card_number, training: TRAINING });
    expect(again.outcome).toBe('ALREADY_DONE');
    expect(revalidationsForCard(ws.db, card!.card_number)).toHaveLength(1);
    const desk = deskLookup(ws.db, card!.card_number, calendarOf(ctx()));
    expect(desk.outcome === 'found' && desk.card.row.eligibility).toBe('ALREADY_THIS_YEAR');
    expect(desk.outcome === 'found' && desk.card.wallet.credited).toBe(true);
  });

  it('already revalidated this year here (from the feed): says so and queues nothing', () => {
    const own = calendarOf(ctx()).ownUais;
    const [card] = cards(
      ws.db,
      `status = 'ACTIVE' AND last_revalidated_school_year = '${YEAR}' AND establishment_uai IN (${own.map((u) => `'${u}'`).join(',')})`,
      1,
    );
    expect(card).toBeDefined();
    const result = recordRevalidation(ctx(), { cardNumber: card!.card_number, training: TRAINING });
    expect(result.outcome).toBe('ALREADY_DONE');
    expect(result.messageFr).toMatch(/déjà revalidée/);
    expect(revalidationsForCard(ws.db, card!.card_number)).toHaveLength(0);
  });

  it('lost and blocked cards are refused with what the student must do', () => {
    const [lost] = cards(ws.db, "status = 'LOST'", 1);
    const [blocked] = cards(ws.db, "status = 'BLOCKED'", 1);
    const lostResult = recordRevalidation(ctx(), { cardNumber: lost!.card_number, training: TRAINING });
    expect(lostResult).toMatchObject({ outcome: 'REFUSED', eligibility: 'LOST' });
    expect(lostResult.messageFr).toMatch(/perdue.*nouvelle carte/);
    const blockedResult = recordRevalidation(ctx(), { cardNumber: blocked!.card_number, training: TRAINING });
    expect(blockedResult).toMatchObject({ outcome: 'REFUSED', eligibility: 'BLOCKED' });
    expect(blockedResult.messageFr).toMatch(/bloquée/);
    expect(revalidationsForCard(ws.db, lost!.card_number)).toHaveLength(0);
    expect(revalidationsForCard(ws.db, blocked!.card_number)).toHaveLength(0);
  });

  it('revalidated elsewhere meanwhile: 409 becomes a visible conflict with the Region card; a 422 is an error; neither blocks the others', async () => {
    const [elsewhere, good, expired] = [
      ...cards(ws.db, dueWhere, 2),
      ...cards(ws.db, "status = 'EXPIRED' AND establishment_uai IS NOT NULL", 1),
    ];
    // The local roster still thinks the expired card is active (a stale copy): the Region decides.
    ws.db.sqlite.prepare("UPDATE cards SET status = 'ACTIVE' WHERE card_number = ?").run(expired!.card_number);
    const ids = [elsewhere!, expired!, good!].map(
      (c) => recordRevalidation(ctx(), { cardNumber: c.card_number, training: TRAINING }).revalidation!.id,
    );
    world.sim.admin.revalidateElsewhere(elsewhere!.card_number, '0620099W');
    const report = await ws.engine.pushOnce();
    expect(report.conflicts).toBe(1);
    const [conflict, error, acked] = ids.map((id) => getOutboxEntry(ws.db, id)!);
    expect(conflict!.state).toBe('CONFLICT');
    expect(conflict!.last_error_code).toBe('already-revalidated');
    expect(conflict!.message_fr).toMatch(/autre établissement/);
    expect(JSON.parse(conflict!.current_json!).establishmentUai).toBe('0620099W');
    expect(error!.state).toBe('ERROR');
    expect(error!.last_error_code).toBe('card-expired');
    expect(error!.message_fr).toMatch(/expirée/);
    expect(acked!.state).toBe('ACKED');
    // Visible in the status counters, like decisions.
    expect(ws.engine.status()).toMatchObject({ conflicts: 1, errors: 1 });

    // Listed for the Conflits page, then dismissed by staff once followed up: counters clear, the
    // entries stay in the outbox as DROPPED, and the good one is untouched.
    const listed = listRevalidationProblems(ws.db);
    expect(listed.map((p) => [p.id, p.state])).toEqual([
      [ids[0], 'CONFLICT'],
      [ids[1], 'ERROR'],
    ]);
    expect(listed[0]!.lastName).not.toBeNull();
    expect(() => dismissRevalidation(ws.db, ids[2]!, new Date().toISOString())).toThrow(
      expect.objectContaining({ messageFr: expect.stringMatching(/conflit ou en erreur/) }),
    );
    for (const id of ids.slice(0, 2)) {
      expect(dismissRevalidation(ws.db, id!, new Date().toISOString()).state).toBe('DROPPED');
    }
    expect(listRevalidationProblems(ws.db)).toEqual([]);
    expect(ws.engine.status()).toMatchObject({ conflicts: 0, errors: 0 });
    expect(getOutboxEntry(ws.db, ids[0]!)!.state).toBe('DROPPED');
    expect(getOutboxEntry(ws.db, ids[2]!)!.state).toBe('ACKED');
    // Nothing more is sent for a dismissed revalidation.
    const before = revalidationCalls(world.sim);
    await ws.engine.pushOnce();
    expect(revalidationCalls(world.sim)).toBe(before);
  });

  it('offline: kept pending with the same key, sent exactly once when the Region is back', async () => {
    const [card] = cards(ws.db, dueWhere, 1);
    world.sim.faults.offline(true);
    const before = revalidationCalls(world.sim);
    const result = recordRevalidation(ctx(), { cardNumber: card!.card_number, training: TRAINING });
    expect(result.outcome).toBe('RECORDED');
    const id = result.revalidation!.id;
    const key = getOutboxEntry(ws.db, id)!.idempotency_key;
    const body = getOutboxEntry(ws.db, id)!.body;
    await ws.engine.pushOnce();
    expect(getOutboxEntry(ws.db, id)).toMatchObject({ state: 'PENDING', idempotency_key: key, body });
    expect(ws.engine.status().pending).toBeGreaterThanOrEqual(1);
    world.sim.faults.offline(false);
    ws.clock.offsetMs += 10 * 60_000;
    await ws.engine.pushOnce();
    expect(getOutboxEntry(ws.db, id)).toMatchObject({ state: 'ACKED', idempotency_key: key });
    expect(revalidationCalls(world.sim) - before).toBe(1);
    const today = dailyRecord(ws.db, ctx().now());
    expect(today.revalidations.find((r) => r.id === id)?.state).toBe('ACKED');
  });

  it('a look-up online finds the card at once; a wrong birth date is « not found »', async () => {
    const [card] = cards(ws.db, dueWhere, 1);
    ws.db.sqlite.prepare('DELETE FROM cards WHERE card_number = ?').run(card!.card_number);
    expect(deskLookup(ws.db, card!.file_number, calendarOf(ctx())).outcome).toBe('notInRoster');
    const wrong = await lookupRemote(ctx(), ws.client, {
      kind: 'CARD_NUMBER',
      value: card!.card_number,
      birthDate: '1990-01-01',
    });
    expect(wrong.outcome).toBe('notFound');
    const found = await lookupRemote(ctx(), ws.client, {
      kind: 'FILE_NUMBER',
      value: card!.file_number,
      birthDate: card!.birth_date,
    });
    expect(found.outcome).toBe('found');
    expect(deskLookup(ws.db, card!.card_number, calendarOf(ctx())).outcome).toBe('found');
  });

  it('offline look-ups are recorded with the wanted revalidation and resolved at the next sync', async () => {
    const [card, other] = cards(ws.db, dueWhere, 2);
    ws.db.sqlite.prepare('DELETE FROM cards WHERE card_number IN (?, ?)').run(card!.card_number, other!.card_number);
    world.sim.faults.offline(true);
    const pending = await lookupRemote(ctx(), ws.client, {
      kind: 'CARD_NUMBER',
      value: card!.card_number,
      birthDate: card!.birth_date,
      training: TRAINING,
    });
    const unknown = await lookupRemote(ctx(), ws.client, {
      kind: 'CARD_NUMBER',
      value: other!.card_number,
      birthDate: '2001-02-03',
      training: TRAINING,
    });
    expect(pending.outcome).toBe('pending');
    expect(unknown.outcome).toBe('pending');
    expect(pending.lookup.messageFr).toMatch(/prochaine synchronisation/);
    world.sim.faults.offline(false);
    await ws.engine.pushOnce();
    const record = dailyRecord(ws.db, ctx().now());
    const resolved = record.lookups.find((l) => l.id === pending.lookup.id)!;
    expect(resolved.state).toBe('FOUND');
    expect(resolved.revalidationId).not.toBeNull();
    expect(getOutboxEntry(ws.db, resolved.revalidationId!)!.state).toBe('ACKED');
    const followUp = record.lookups.find((l) => l.id === unknown.lookup.id)!;
    expect(followUp.state).toBe('NOT_FOUND');
    expect(followUp.messageFr).toMatch(/date de naissance/);
    // The birth date was needed only for the call.
    const stored = ws.db.sqlite
      .prepare('SELECT COUNT(*) AS n FROM card_lookups WHERE birth_date IS NOT NULL')
      .get() as {
      n: number;
    };
    expect(stored.n).toBe(0);
  });

  it('a class at once: selection by last year’s class, one batch, all sent', async () => {
    const calendar = calendarOf(ctx());
    const [withClass] = cards(ws.db, `${dueWhere} AND class_label IS NOT NULL`, 1);
    const selection = rosterSelection(
      ws.db,
      { revalidated: 'no', status: 'ACTIVE', classLabel: withClass!.class_label! },
      calendar,
    );
    expect(selection.cardNumbers.length).toBeGreaterThan(0);
    const batch = recordRevalidationBatch(ctx(), { cardNumbers: selection.cardNumbers, training: TRAINING });
    expect(batch.recorded).toBe(selection.cardNumbers.length);
    const again = recordRevalidationBatch(ctx(), { cardNumbers: selection.cardNumbers, training: TRAINING });
    expect(again).toMatchObject({ recorded: 0, alreadyDone: selection.cardNumbers.length });
    const report = await ws.engine.pushOnce();
    expect(report.acked).toBeGreaterThanOrEqual(selection.cardNumbers.length);
    for (const number of selection.cardNumbers) {
      expect(revalidationsForCard(ws.db, number)[0]!.state).toBe('ACKED');
    }
  });
});
