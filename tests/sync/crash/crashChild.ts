/**
 * A workstation that can be SIGKILLed at any instant: opens the store in <dataDir>, runs the real
 * sync engine against the simulator and, in a loop, records a few decisions, pulls and pushes.
 * `RECORDED <decisionId> <requestId>` is printed only after recordDecision returned (the row is
 * committed); stdout is a pipe, written synchronously on Linux, so a printed line is never ahead
 * of the database.
 *
 *   node --import tsx tests/sync/crash/crashChild.ts <dataDir> <baseUrl> <clientId> <clientSecret> <seed> [work|settle]
 *
 * (the harness runs an esbuild bundle of this file with plain node: same code, faster spawn).
 * Reason codes come from the harness in HDF_CRASH_REASONS (JSON, read from /reference/reasons).
 * `settle` mode runs no new decisions: it syncs until nothing is in flight, moving its clock past
 * any back-off, then prints `SETTLED <json>` and exits 0 (exit 3 if it never settles).
 */
import { join } from 'node:path';
import { type DecisionDraft } from '../../../shared/schemas/domain';
import { createRegionClient } from '../../../electron/main/services/region/regionClient';
import { openDatabase } from '../../../electron/main/services/store/openDatabase';
import { createSyncEngine } from '../../../electron/main/services/sync/syncEngine';
import { seededRandom } from '../property/seededRandom';
import { type ReasonCodes } from '../property/serverOracle';
import { TEST_STORE_KEY } from '../../store/tempDir';

const SETTLE_ROUNDS = 30;
const STAFF = { staffId: 'poste-crash-01', displayName: 'Poste crash' };

interface ChildArgs {
  dataDir: string;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  seed: number;
  mode: 'work' | 'settle';
}

function parseArgs(argv: string[]): ChildArgs {
  const [dataDir, baseUrl, clientId, clientSecret, seed, mode = 'work'] = argv;
  if (!dataDir || !baseUrl || !clientId || !clientSecret || !seed || (mode !== 'work' && mode !== 'settle')) {
    throw new Error('usage: crashChild <dataDir> <baseUrl> <clientId> <clientSecret> <seed> [work|settle]');
  }
  return { dataDir, baseUrl, clientId, clientSecret, seed: Number(seed), mode };
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const reasons = JSON.parse(process.env.HDF_CRASH_REASONS ?? 'null') as ReasonCodes | null;
  if (!reasons) throw new Error('HDF_CRASH_REASONS is required');
  if (process.env.HDF_CRASH_VERBOSE !== '1') {
    // The engine's info lines would flood the pipe; warnings and errors still reach stderr.
    console.info = () => undefined;
    console.log = () => undefined;
    console.debug = () => undefined;
  }
  const random = seededRandom(args.seed);
  // settle mode moves its clock forward past any back-off instead of waiting for it.
  let clockOffsetMs = 0;
  const now = () => Date.now() + clockOffsetMs;

  const db = openDatabase({ key: TEST_STORE_KEY, file: join(args.dataDir, 'app.sqlite') });
  const client = createRegionClient({
    baseUrl: args.baseUrl,
    clientId: args.clientId,
    clientSecret: args.clientSecret,
    userAgent: 'hdf-sync-crash-child/1',
    timeoutMs: 5_000,
    now,
  });
  const engine = createSyncEngine({
    db,
    target: () => client,
    photosDir: join(args.dataDir, 'photos'),
    currentStaff: () => STAFF,
    now,
    random,
    pageLimit: 50,
    batchSize: 10,
    prefetchPhotos: false,
  });
  say('READY');

  const attempt = async (call: () => Promise<unknown>): Promise<boolean> => {
    try {
      await call();
      return true;
    } catch (error) {
      // Faults are on: failures are expected, the harness judges the end state.
      console.warn(`[sync.crashChild] ${error instanceof Error ? error.name : 'error'}`);
      return false;
    }
  };

  if (args.mode === 'settle') {
    for (let round = 0; round < SETTLE_ROUNDS; round++) {
      clockOffsetMs += 10 * 60_000;
      const ok = [await attempt(() => engine.pullOnce())];
      ok.push(await attempt(() => engine.pushOnce()));
      ok.push(await attempt(() => engine.pullOnce()));
      const active = engine.listDecisions().filter((d) => d.state === 'PENDING' || d.state === 'SENDING').length;
      if (ok.every(Boolean) && active === 0) {
        say(`SETTLED ${JSON.stringify({ rounds: round + 1 })}`);
        await engine.stop();
        db.close();
        return;
      }
    }
    say('NOT_SETTLED');
    await engine.stop();
    db.close();
    process.exitCode = 3;
    return;
  }

  const pickFrom = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const eligible = db.sqlite.prepare(
    "SELECT id, version, establishment_uai AS uai FROM requests WHERE status = 'SUBMITTED' AND local_state = 'SYNCED'",
  );
  for (;;) {
    await attempt(() => engine.pullOnce());
    const count = Math.floor(random() * 4);
    for (let i = 0; i < count; i++) {
      const target = pickFrom(eligible.all() as Array<{ id: string; version: number; uai: string }>);
      if (!target) break;
      const draft = draftFor(random, reasons, target);
      try {
        const view = engine.recordDecision(draft);
        say(`RECORDED ${view.id} ${view.requestId}`);
      } catch (error) {
        console.warn(
          `[sync.crashChild] record refused request=${target.id} ${error instanceof Error ? error.name : ''}`,
        );
      }
    }
    await attempt(() => engine.pushOnce());
    await sleep(20 + Math.floor(random() * 120));
  }
}

function draftFor(
  random: () => number,
  reasons: ReasonCodes,
  target: { id: string; version: number; uai: string },
): DecisionDraft {
  const base = { requestId: target.id, seenVersion: target.version };
  const prevalidationCode = reasons.prevalidation[Math.floor(random() * reasons.prevalidation.length)] ?? '';
  const photoCode = reasons.photo[Math.floor(random() * reasons.photo.length)] ?? '';
  const roll = random();
  if (roll < 0.4) return { ...base, decision: 'APPROVED', photoVerdict: 'COMPLIANT', reasonCodes: [] };
  if (roll < 0.6) return { ...base, decision: 'REJECTED', photoVerdict: 'COMPLIANT', reasonCodes: [prevalidationCode] };
  if (roll < 0.8) return { ...base, decision: 'APPROVED', photoVerdict: 'NON_COMPLIANT', reasonCodes: [photoCode] };
  const sibling = process.env.HDF_CRASH_UAIS?.split(',').find((u) => u && u !== target.uai);
  if (!sibling) return { ...base, decision: 'APPROVED', photoVerdict: 'COMPLIANT', reasonCodes: [] };
  return {
    ...base,
    decision: 'REDIRECTED',
    photoVerdict: 'COMPLIANT',
    reasonCodes: [prevalidationCode],
    targetUai: sibling,
  };
}

main().catch((error: unknown) => {
  console.error(`[sync.crashChild] fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(2);
});
