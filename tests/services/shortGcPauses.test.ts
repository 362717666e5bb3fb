/**
 * preferShortGcPauses(): the memory reducer's full collection no longer moves the old generation's
 * objects (the part of its pause that stalled the UI thread). Checked on V8's own trace of each
 * collection (--trace-gc-nvp) in child processes, one with the policy and one without, each idling
 * until the reducer runs (about 8 s after its last full collection).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const CHILD = path.join(import.meta.dirname, 'gcPolicyChild.ts');

interface GcLine {
  isolate: string;
  kind: string;
  reduce: boolean;
  evacuateCopyMs: number;
  heapBytes: number;
}

function field(line: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${name.replace('.', '\\.')}=(\\S+)`).exec(line)?.[1];
}

/** The child's collections as V8 traced them, read until its end. */
function runChild(mode: 'policy' | 'control'): Promise<GcLine[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--trace-gc-nvp', '--import', 'tsx', CHILD, mode, '30000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`gc policy child exited with ${code}`));
      const lines = out
        .split('\n')
        .filter((line) => line.includes(' gc='))
        .map((line) => ({
          isolate: /^\[\d+:(0x[0-9a-f]+)\]/.exec(line)?.[1] ?? '?',
          kind: field(line, 'gc') ?? '?',
          reduce: field(line, 'reduce_memory') === '1',
          evacuateCopyMs: Number(field(line, 'evacuate.copy') ?? 'NaN'),
          heapBytes: Number(field(line, 'total_size_before') ?? '0'),
        }));
      resolve(lines);
    });
  });
}

/**
 * The reducer's full collections of the main thread: the isolate whose heap was the largest (the
 * child's 300,000 objects; tsx's loader thread is another isolate of a few MB).
 */
function reducerCollectionsOfMainThread(lines: GcLine[]): GcLine[] {
  const main = [...lines].sort((a, b) => b.heapBytes - a.heapBytes)[0]?.isolate;
  return lines.filter((line) => line.isolate === main && line.kind === 'mc' && line.reduce);
}

describe('preferShortGcPauses', () => {
  it('the memory reducer no longer compacts the old generation (its objects are not moved)', async () => {
    const [control, policy] = await Promise.all([runChild('control'), runChild('policy')]);
    const controlReduce = reducerCollectionsOfMainThread(control);
    const policyReduce = reducerCollectionsOfMainThread(policy);
    expect(controlReduce.length).toBeGreaterThan(0);
    expect(policyReduce.length).toBeGreaterThan(0);
    // Without the policy the reducer moves the survivors of a mostly free old generation (several
    // MB); with it, only the (near empty) young generation is evacuated.
    const most = (lines: GcLine[]) => Math.max(...lines.map((line) => line.evacuateCopyMs));
    expect(most(controlReduce)).toBeGreaterThan(1.5);
    expect(most(policyReduce)).toBeLessThan(0.5);
  }, 90_000);
});
