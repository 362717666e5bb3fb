/**
 * `npm run bench` runs every group; `npm run bench -- store search` runs those named. Prints a table
 * and merges the figures into bench/results.json, keeping the metrics of groups not run this time.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { type BenchRow } from './benchRow';
import { GROUP_LOADERS } from './groups';

const RESULTS_FILE = path.join(import.meta.dirname, 'results.json');

const Results = z.looseObject({
  metrics: z.record(z.string(), z.number()).default({}),
});

function readResults(): z.infer<typeof Results> {
  if (!fs.existsSync(RESULTS_FILE)) return { metrics: {} };
  const parsed = Results.safeParse(JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')));
  if (!parsed.success) throw new Error(`[bench] ${RESULTS_FILE} is not a results file; not overwriting it`);
  return parsed.data;
}

function printTable(rows: readonly (BenchRow & { group: string })[]): void {
  const cells = rows.map((r) => [r.group, r.id, String(r.value), r.unit, r.note ?? '']);
  const header = ['group', 'metric', 'value', 'unit', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    `| ${c.map((v, i) => (i === 2 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

const CHILD_FLAG = '--child';

/**
 * Each group runs in a process of its own: memory (RSS) and event-loop figures then belong to that
 * group alone, not to the 100k rows a previous group seeded in the same heap.
 */
function runGroupInChild(name: string): (BenchRow & { group: string })[] {
  const out = path.join(os.tmpdir(), `hdf-bench-${process.pid}-${name}.json`);
  const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, CHILD_FLAG, name, out], {
    stdio: 'inherit',
  });
  if (child.status !== 0 || !fs.existsSync(out)) {
    throw new Error(`[bench] group ${name} failed (exit ${child.status ?? child.signal ?? 'unknown'})`);
  }
  const rows = JSON.parse(fs.readFileSync(out, 'utf8')) as BenchRow[];
  fs.rmSync(out, { force: true });
  return rows.map((row) => ({ ...row, group: name }));
}

async function runChild(name: string, out: string): Promise<void> {
  const loader = GROUP_LOADERS.find((g) => g.name === name);
  if (!loader) throw new Error(`[bench] unknown group ${name}`);
  const group = await loader.load();
  if (group.name !== name) throw new Error(`[bench] group ${name} loaded as ${group.name}`);
  console.log(`[bench] ${group.name}: ${group.description}`);
  const started = performance.now();
  const rows = await group.run();
  console.log(`[bench] ${group.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  fs.writeFileSync(out, JSON.stringify(rows));
}

async function main(): Promise<void> {
  if (process.argv[2] === CHILD_FLAG) {
    await runChild(process.argv[3] ?? '', process.argv[4] ?? '');
    // Groups may leave handles (a worker, a keep-alive agent): the figures are written, so stop.
    process.exit(0);
  }
  const wanted = process.argv.slice(2).filter((a) => a !== '--');
  const names = GROUP_LOADERS.map((g) => g.name);
  const unknown = wanted.filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    console.error(`[bench] unknown group(s): ${unknown.join(', ')}; known: ${names.join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const groups = wanted.length === 0 ? names : names.filter((name) => wanted.includes(name));
  const rows: (BenchRow & { group: string })[] = [];
  for (const name of groups) rows.push(...runGroupInChild(name));
  printTable(rows);

  const results = readResults();
  for (const row of rows) results.metrics[row.id] = row.value;
  const cpus = os.cpus();
  const merged = {
    ...results,
    metrics: Object.fromEntries(Object.entries(results.metrics).sort(([a], [b]) => a.localeCompare(b))),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      totalMemGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    at: new Date().toISOString(),
  };
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(merged, null, 2)}\n`);
  console.log(`[bench] merged ${rows.length} metrics into ${path.relative(process.cwd(), RESULTS_FILE)}`);
}

await main();
