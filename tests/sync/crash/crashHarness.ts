/**
 * SIGKILL crash harness: a workstation process (crashChild) syncing against the simulator is
 * killed at random instants and restarted on the same data dir, `kills` times; a last clean run
 * syncs until quiet; then the child's SQLite file and the Region are compared. The simulator stays
 * in this process (restarted on the same file and port every few spawns, which also resets its
 * per-client rate-limit windows: every child start asks for a token, 30/hour allowed).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type FaultConfig, type RunningSimulator, startSimulator } from '../../../region-sim/index';
import { openDatabase, openStoreConnection } from '../../../electron/main/services/store/openDatabase';
import { createSyncEngine } from '../../../electron/main/services/sync/syncEngine';
import { seededRandom } from '../property/seededRandom';
import { fetchReasonCodes, fetchServerRequests } from '../property/serverOracle';
import {
  checkSyncInvariants,
  readLocalKeys,
  readLocalRequests,
  readLocalTombstones,
  readRegionDecisionLog,
  readRegionPrevalidations,
  type RecordedDecision,
} from '../property/syncInvariants';
import { crashChildBundle } from './crashChildBundle';
import { TEST_STORE_KEY } from '../../store/tempDir';

export interface CrashSimulatorOptions {
  /** Requests in the seeded dataset (default 150); the harness adds more as they get decided. */
  requests?: number;
  /** Child spawns between two simulator restarts (default 20). */
  restartEvery?: number;
  /** Faults while children run (default: latency, 5xx, resets and drop-after-commit on decisions). */
  faults?: FaultConfig;
}

export interface CrashHarnessOptions {
  kills: number;
  seed: number;
  simulator?: CrashSimulatorOptions;
  /** Progress lines (ids and counts only). */
  log?: (line: string) => void;
  /** Budget of the final clean run (default 120 s). */
  settleTimeoutMs?: number;
}

export interface CrashHarnessResult {
  kills: number;
  /** Committed decisions neither on the Region exactly once nor CONFLICT/ERROR/DROPPED (justified) locally. */
  lost: number;
  /** Requests this client decided that the Region holds more than one decision for. */
  duplicates: number;
  integrityOk: boolean;
  /** Decisions in the child's outbox. */
  recorded: number;
  /** RECORDED lines the children printed (each must be in the outbox). */
  printedRecorded: number;
  acked: number;
  conflicts: number;
  errors: number;
  dropped: number;
  /** CONFLICT/ERROR/DROPPED decisions by `state:errorCode`. */
  problemCodes: Record<string, number>;
  /** Still PENDING/SENDING after the clean run. */
  stuck: number;
  /** Cached requests that differ from the Region after the clean run. */
  diverged: number;
  settled: boolean;
  /** Time spent in kill cycles, in the clean run, and in all (checks included). */
  killPhaseS: number;
  settleS: number;
  durationS: number;
  violations: string[];
}

const DEFAULT_FAULTS: FaultConfig = {
  latencyMs: { min: 2, max: 40 },
  errorRate: { prevalidate: 0.1, batch: 0.1, requestFeed: 0.05, me: 0.05 },
  resetRate: { prevalidate: 0.05, batch: 0.05, requestFeed: 0.03 },
  dropAfterCommitRate: { prevalidate: 0.15, batch: 0.15 },
  repeatItemsRate: 0.1,
  outOfOrderRate: 0.1,
};

interface ChildRun {
  /** Resolves once the child printed READY (never, if it dies before). */
  ready: Promise<void>;
  /** Resolves once the process is gone and its pipes are drained. */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
  lines: string[];
  stderrTail(): string;
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runCrashHarness(options: CrashHarnessOptions): Promise<CrashHarnessResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const random = seededRandom(options.seed);
  const simOptions = options.simulator ?? {};
  const restartEvery = simOptions.restartEvery ?? 20;
  const faults = simOptions.faults ?? { ...DEFAULT_FAULTS, seed: options.seed };
  const dir = mkdtempSync(join(tmpdir(), 'hdf-sync-crash-'));
  const dataDir = join(dir, 'workstation');
  const simFile = join(dir, 'sim.sqlite');
  const bundle = await crashChildBundle();

  let sim: RunningSimulator = await startSimulator({
    requests: simOptions.requests ?? 150,
    seed: options.seed,
    dataFile: simFile,
  });
  const port = Number(new URL(sim.baseUrl).port);
  const est = sim.clients.establishment;
  const oracleClient = { baseUrl: sim.baseUrl, ...est };
  const reasons = await fetchReasonCodes(oracleClient);
  const childEnv = {
    ...process.env,
    HDF_CRASH_REASONS: JSON.stringify(reasons),
    HDF_CRASH_UAIS: est.uais.join(','),
  };

  let restarts = 0;
  const restartSimulator = async (withFaults: boolean) => {
    await sim.close();
    restarts++;
    // Same file (state, credentials, idempotency keys) and same port: children keep their URL. A
    // new seed: the simulator's id generator restarts from its seed, and addRequests would
    // otherwise mint the ids it minted before the restart.
    sim = await startSimulator({ port, dataFile: simFile, seed: options.seed + restarts });
    if (withFaults) sim.faults.configure({ ...faults, seed: (faults.seed ?? options.seed) + restarts });
  };

  const spawnChild = (seed: number, mode: 'work' | 'settle'): ChildRun => {
    const child = spawn(
      process.execPath,
      [bundle, dataDir, sim.baseUrl, est.clientId, est.clientSecret, String(seed), mode],
      { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv },
    );
    const lines: string[] = [];
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const stdoutDone = new Promise<void>((resolve) => {
      const reader = createInterface({ input: child.stdout });
      reader.on('line', (line) => {
        lines.push(line);
        if (line === 'READY') markReady();
      });
      reader.on('close', () => resolve());
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    return {
      ready,
      closed: Promise.all([exited, stdoutDone]).then(([status]) => status),
      kill: () => child.kill('SIGKILL'),
      lines,
      stderrTail: () => stderr,
    };
  };

  const printed = new Map<string, RecordedDecision>();
  const collect = (lines: readonly string[]) => {
    for (const line of lines) {
      const m = /^RECORDED (\S+) (\S+)$/.exec(line);
      if (m?.[1] && m[2]) printed.set(m[1], { requestId: m[2], undone: false });
    }
  };

  try {
    sim.faults.configure(faults);
    let kills = 0;
    for (let spawnIndex = 0; kills < options.kills; spawnIndex++) {
      if (spawnIndex > 0 && spawnIndex % restartEvery === 0) await restartSimulator(true);
      // Fresh requests to decide, on both UAIs, so the children never run out of work.
      sim.admin.addRequests(2, est.uais[spawnIndex % est.uais.length]);

      const run = spawnChild(options.seed * 100_000 + spawnIndex, 'work');
      // Most kills land while the engine works; some during start-up (opening, migrating the store).
      const fromReady = random() < 0.8;
      // Log-uniform over 50 ms..1 s: as many kills in the first 220 ms (start-up, first pull) as
      // after it, and a shorter average cycle than a uniform draw.
      const delayMs = Math.round(50 * 20 ** random());
      const outcome = await Promise.race([
        (fromReady ? run.ready : Promise.resolve()).then(() => sleep(delayMs)).then(() => 'kill' as const),
        run.closed.then(() => 'exited' as const),
      ]);
      if (outcome === 'exited') {
        const status = await run.closed;
        throw new Error(
          `[sync.crash] child ${spawnIndex} exited by itself (code ${status.code}, signal ${status.signal}):\n${run.stderrTail()}`,
        );
      }
      run.kill();
      const status = await run.closed;
      if (status.signal !== 'SIGKILL') {
        throw new Error(`[sync.crash] child ${spawnIndex} ended with ${status.code}/${status.signal}, not SIGKILL`);
      }
      kills++;
      collect(run.lines);
      if (kills % 50 === 0) log(`[sync.crash] kills=${kills} printed=${printed.size}`);
    }

    const killPhaseS = seconds(performance.now() - started);
    log(`[sync.crash] ${kills} kills in ${killPhaseS} s; clean run`);

    // The clean run: no faults, no kill, until nothing is in flight.
    const settleStarted = performance.now();
    await restartSimulator(false);
    const settle = spawnChild(options.seed * 100_000 + 99_999, 'settle');
    const timeout = sleep(options.settleTimeoutMs ?? 120_000).then(() => 'timeout' as const);
    const finished = await Promise.race([settle.closed.then(() => 'closed' as const), timeout]);
    if (finished === 'timeout') {
      settle.kill();
      await settle.closed;
    }
    const settled = settle.lines.some((l) => l.startsWith('SETTLED'));
    const settleS = seconds(performance.now() - settleStarted);
    if (!settled) log(`[sync.crash] clean run did not settle:\n${settle.stderrTail()}`);

    const file = join(dataDir, 'app.sqlite');
    const probe = openStoreConnection(file, TEST_STORE_KEY, { readonly: true, fileMustExist: true });
    const integrity = probe.pragma('integrity_check') as Array<{ integrity_check: string }>;
    probe.close();
    const integrityOk = integrity.length === 1 && integrity[0]?.integrity_check === 'ok';

    const db = openDatabase({ key: TEST_STORE_KEY, file });
    try {
      // An engine with no Region: only to read the outbox through its own API.
      const reader = createSyncEngine({
        db,
        target: () => null,
        photosDir: join(dataDir, 'photos'),
        currentStaff: () => ({ staffId: 'poste-crash-01', displayName: 'Poste crash' }),
        prefetchPhotos: false,
      });
      const decisions = reader.listDecisions();
      await reader.stop();
      const report = checkSyncInvariants({
        decisions,
        localKeys: readLocalKeys(db.sqlite),
        regionLog: readRegionDecisionLog(simFile),
        regionPrevalidations: readRegionPrevalidations(simFile),
        clientId: est.clientId,
        recorded: printed,
        localRequests: readLocalRequests(db.sqlite),
        localTombstones: readLocalTombstones(db.sqlite),
        serverRequests: await fetchServerRequests(oracleClient),
        admin: sim.admin,
      });
      const violations = [...report.violations];
      if (!integrityOk) violations.push(`integrity_check: ${integrity.map((r) => r.integrity_check).join('; ')}`);
      if (!settled) violations.push('the clean run did not settle');
      return {
        kills,
        lost: report.lost,
        duplicates: report.duplicates,
        integrityOk,
        recorded: report.recorded,
        printedRecorded: printed.size,
        acked: report.acked,
        conflicts: report.conflicts,
        errors: report.errors,
        dropped: report.dropped,
        problemCodes: report.problemCodes,
        stuck: report.stuck,
        diverged: report.diverged,
        settled,
        killPhaseS,
        settleS,
        durationS: seconds(performance.now() - started),
        violations,
      };
    } finally {
      db.close();
    }
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
