/**
 * The sync engine's crash safety at scale: ≥ 500 SIGKILLs of a syncing workstation process
 * (tests/sync/crash/crashHarness.ts), then a clean run and the exactly-once checks.
 * BENCH_CRASH_KILLS and BENCH_CRASH_SEED override the defaults.
 */
import { runCrashHarness } from '../../tests/sync/crash/crashHarness';
import { type BenchGroup } from '../benchRow';

const KILLS = Number(process.env.BENCH_CRASH_KILLS ?? 500);
const SEED = Number(process.env.BENCH_CRASH_SEED ?? 500);

export const syncCrashGroup: BenchGroup = {
  name: 'sync-crash',
  description: `SIGKILL a syncing workstation ${KILLS} times, then check nothing is lost or applied twice`,
  async run() {
    const r = await runCrashHarness({ kills: KILLS, seed: SEED, log: (line) => console.info(line) });
    for (const v of r.violations.slice(0, 20)) console.error(`[bench.sync-crash] ${v}`);
    const counts =
      `recorded ${r.recorded} (printed ${r.printedRecorded}), acked ${r.acked}, conflicts ${r.conflicts}, ` +
      `errors ${r.errors}, dropped ${r.dropped}, stuck ${r.stuck}, diverged ${r.diverged}`;
    return [
      {
        id: 'sync.crash_kills',
        value: r.kills,
        unit: 'kills',
        note: `${r.durationS} s in all (seed ${SEED}); integrity_check ${r.integrityOk ? 'ok' : 'FAILED'}; target ≥ 500`,
      },
      { id: 'sync.crash_lost', value: r.lost, unit: 'decisions', note: `${counts}; target 0` },
      {
        id: 'sync.crash_duplicates',
        value: r.duplicates,
        unit: 'requests',
        note: `decided more than once on the Region; ${r.violations.length} violation(s); target 0`,
      },
      {
        id: 'sync.crash_diverged',
        value: r.diverged,
        unit: 'requests',
        note: 'cached requests differing from the Region after the clean run; target 0',
      },
      {
        id: 'sync.crash_duration_s',
        value: r.durationS,
        unit: 's',
        note: `kill cycles ${r.killPhaseS} s, clean run ${r.settleS} s, checks included`,
      },
    ];
  },
};
