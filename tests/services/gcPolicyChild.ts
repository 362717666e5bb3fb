/**
 * Child of shortGcPauses.test.ts, run with --trace-gc-nvp --expose-gc: leaves an old generation
 * whose pages are mostly free space, then idles with a trickle of allocation until V8's memory
 * reducer runs its full collection. `policy` applies preferShortGcPauses() first.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { preferShortGcPauses } from '../../electron/main/services/runtime/shortGcPauses';

if (process.argv[2] === 'policy') preferShortGcPauses();
const collect = (globalThis as { gc?: () => void }).gc;
if (collect === undefined) throw new Error('run with --expose-gc');

let all: Array<{ a: number; b: number[]; c: string }> | null = [];
for (let i = 0; i < 300_000; i += 1) all.push({ a: i, b: [i, i], c: `s${i}` });
collect();
collect(); // promoted: the objects live in the old generation now
const kept = all.filter((_, i) => i % 4 === 0);
all = null;
collect(); // three objects in four freed: their pages are mostly holes
let sink: unknown = null;
const trickle = setInterval(() => {
  sink = Array.from({ length: 20 }, (_, i) => ({ i }));
}, 50);
const end = (): void => {
  clearInterval(trickle);
  observer.disconnect();
  clearTimeout(deadline);
  console.log(`kept ${kept.length} ${sink === null ? '' : 'done'}`);
};
// The reducer's first full collection comes about 8 s after the last one above (later on a busy
// machine): the child ends a little after it (the reducer may run a second one), or at the deadline.
const observer = new PerformanceObserver((list) => {
  const major = list
    .getEntries()
    .some((entry) => (entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
  if (major) setTimeout(end, 1_500);
});
observer.observe({ entryTypes: ['gc'] });
const deadline = setTimeout(end, Number(process.argv[3] ?? 30_000));
