/**
 * Model-based property test of the sync engine: random interleavings of staff decisions, undos,
 * pulls, pushes, Region-side events, network faults and restarts; then, faults off and synced
 * until quiet, every decision reached the Region exactly once or is visibly CONFLICT/ERROR,
 * nothing was applied twice, and the local copy equals the Region's.
 *
 * Replay a failure with the seed and path fast-check prints:
 *   FC_SEED=<seed> FC_PATH=<path> npx vitest run tests/sync/property
 * More runs: FC_RUNS=200 npx vitest run tests/sync/property ; shrink a failure: FC_SHRINK=1.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../region-sim/index';
import { fetchReasonCodes, type ReasonCodes } from './serverOracle';
import { syncScenario } from './syncCommands';
import { SyncWorld } from './syncWorld';

const NUM_RUNS = Number(process.env.FC_RUNS ?? 25);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const PATH = process.env.FC_PATH;
const SHRINK = process.env.FC_SHRINK === '1';
const SIM_REQUESTS = 60;

let reasons: ReasonCodes;

beforeAll(async () => {
  const sim = await startSimulator({ requests: 10, seed: 1 });
  try {
    const est = sim.clients.establishment;
    reasons = await fetchReasonCodes({ baseUrl: sim.baseUrl, ...est });
  } finally {
    await sim.close();
  }
});

const totals = {
  runs: 0,
  recorded: 0,
  acked: 0,
  ackedAsOther: 0,
  conflicts: 0,
  errors: 0,
  dropped: 0,
  undone: 0,
  keptForConflict: 0,
  refusedRecords: 0,
  refusedUndos: 0,
  failedSyncCalls: 0,
  serverEvents: 0,
  restarts: 0,
};

afterAll(() => {
  console.info(`[sync.property] totals ${JSON.stringify(totals)}`);
});

describe('sync engine under random interleavings (fast-check)', () => {
  it(
    'loses nothing, applies nothing twice and ends equal to the Region',
    async () => {
      await fc.assert(
        fc.asyncProperty(syncScenario, async (scenario) => {
          const world = await SyncWorld.start({
            simSeed: scenario.simSeed,
            engineSeed: scenario.engineSeed,
            reasons,
            requests: SIM_REQUESTS,
          });
          try {
            for (const command of scenario.commands) await world.run(command);
            await world.settle();
            const report = await world.check();
            totals.runs++;
            totals.recorded += report.recorded;
            totals.acked += report.acked;
            totals.ackedAsOther += report.ackedAsOther;
            totals.conflicts += report.conflicts;
            totals.errors += report.errors;
            totals.dropped += report.dropped;
            totals.undone += report.undone;
            totals.keptForConflict += report.keptForConflict;
            totals.refusedRecords += world.stats.refusedRecords;
            totals.refusedUndos += world.stats.refusedUndos;
            totals.failedSyncCalls += world.stats.failedSyncCalls;
            totals.serverEvents += world.stats.serverEvents;
            totals.restarts += world.stats.restarts;
            if (report.violations.length > 0) {
              throw new Error(
                `[sync.property] ${report.violations.length} violation(s):\n  ${report.violations.join('\n  ')}\n` +
                  `stats ${JSON.stringify(world.stats)} last sync error: ${world.lastError() || 'none'}`,
              );
            }
          } finally {
            await world.dispose();
          }
        }),
        {
          numRuns: NUM_RUNS,
          ...(SEED !== undefined ? { seed: SEED } : {}),
          ...(PATH !== undefined ? { path: PATH } : {}),
          verbose: 2,
          // Each run is seconds of real I/O: report the first failure (seed + path) instead of
          // shrinking for minutes, unless asked.
          endOnFailure: !SHRINK,
        },
      );
      // The property must have exercised something: decisions reached the Region.
      expect(totals.acked).toBeGreaterThan(0);
    },
    Math.max(60_000, NUM_RUNS * 8_000),
  );
});
