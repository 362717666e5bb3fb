/**
 * The commands of the model-based sync test: what staff, the Region, the network and the OS can do
 * to one workstation, in any order. Commands carry only small numbers (picks, rates, seeds); they
 * are resolved against the current state when they run, so any shrunk sequence stays runnable.
 */
import fc from 'fast-check';

export type DraftKind = 'approve' | 'reject' | 'redirect' | 'photo';

export type SyncCommand =
  | { kind: 'record'; pick: number; draft: DraftKind; reason: number }
  | { kind: 'undo'; pick: number }
  | { kind: 'pull' }
  | { kind: 'push' }
  | { kind: 'decideElsewhere'; pick: number; outcome: 'APPROVED' | 'REJECTED' | 'REDIRECTED'; ours: boolean }
  | { kind: 'withdraw'; pick: number; ours: boolean }
  | { kind: 'changePhoto'; pick: number; ours: boolean }
  | { kind: 'faults'; seed: number; errorRate: number; resetRate: number; dropRate: number }
  | { kind: 'faultsOff' }
  | { kind: 'offline'; on: boolean }
  | { kind: 'expireTokens' }
  | { kind: 'expireCursors' }
  | { kind: 'tick'; ms: number }
  | { kind: 'restart' };

const pick = fc.nat({ max: 1000 });
const rate = fc.constantFrom(0, 0.2, 0.5);

export const syncCommand: fc.Arbitrary<SyncCommand> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('record' as const),
      pick,
      draft: fc.constantFrom<DraftKind>('approve', 'reject', 'redirect', 'photo'),
      reason: fc.nat({ max: 20 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('undo' as const), pick }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'pull' as const }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'push' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('decideElsewhere' as const),
      pick,
      outcome: fc.constantFrom('APPROVED' as const, 'REJECTED' as const, 'REDIRECTED' as const),
      ours: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), pick, ours: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('changePhoto' as const), pick, ours: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('faults' as const),
      seed: fc.nat({ max: 1_000_000 }),
      errorRate: rate,
      resetRate: rate,
      dropRate: rate,
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'faultsOff' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('offline' as const), on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'expireTokens' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'expireCursors' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 1_000, max: 600_000 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

/** A whole scenario: the simulator's dataset seed, the engine's jitter seed and the commands. */
export const syncScenario = fc.record({
  simSeed: fc.integer({ min: 1, max: 1_000_000 }),
  engineSeed: fc.integer({ min: 1, max: 1_000_000 }),
  // size 'max': lengths spread over the whole range (the default size keeps sequences short).
  commands: fc.array(syncCommand, { minLength: 1, maxLength: 40, size: 'max' }),
});
export type SyncScenario = typeof syncScenario extends fc.Arbitrary<infer T> ? T : never;
