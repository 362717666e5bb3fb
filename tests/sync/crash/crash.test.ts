/**
 * Crash safety of the sync engine: a workstation process SIGKILLed 15 times at random instants
 * (during start-up, pulls, pushes, mid-transaction) loses no committed decision, applies none twice
 * and leaves a sound SQLite file. The 500-kill run is `npm run bench -- sync-crash`.
 * Another seed: CRASH_SEED=7 npx vitest run tests/sync/crash
 */
import { describe, expect, it } from 'vitest';
import { runCrashHarness } from './crashHarness';

const SEED = Number(process.env.CRASH_SEED ?? 20261126);

describe('sync engine under SIGKILL', () => {
  it('loses nothing and applies nothing twice across 15 kills', async () => {
    const result = await runCrashHarness({ kills: 15, seed: SEED, log: (line) => console.info(line) });
    console.info(`[sync.crash] ${JSON.stringify({ ...result, violations: result.violations.length })}`);
    expect(result.violations).toEqual([]);
    expect(result.kills).toBe(15);
    expect(result.lost).toBe(0);
    expect(result.duplicates).toBe(0);
    expect(result.integrityOk).toBe(true);
    expect(result.settled).toBe(true);
    expect(result.stuck).toBe(0);
    // Not vacuous: the children did commit decisions, and the Region acknowledged some.
    expect(result.printedRecorded).toBeGreaterThan(0);
    expect(result.acked).toBeGreaterThan(0);
  }, 90_000);
});
