/**
 * The same search workload through the headless host's transport: HTTP on loopback with the
 * run's token, JSON in and out, input and output checked against the contract — what the
 * renderer pays per keystroke. It runs the real services on a copy of the seeded store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent } from 'node:http';
import { postToHost } from '../hostPost';
import { startHeadlessHost } from '../../host/startHost';
import { percentile, round } from '../percentiles';
import { type SearchMeasurement } from './search';
import { BENCH_STORE_KEY } from '../benchStoreKey';
import { signInAs } from '../../tests/support/staffSession';

const WARMUP = 200;
const MEASURED = 1_000;

export const throughHost: SearchMeasurement = async ({ db, queries }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-host-'));
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  fs.copyFileSync(db.file, path.join(dataDir, 'hdf.sqlite'));
  // A live configuration pointing nowhere: no demo simulator competes for the CPU, and search
  // never needs the network.
  const host = await startHeadlessHost({
    dataDir,
    storeKey: BENCH_STORE_KEY,
    env: { REGION_API_URL: 'http://127.0.0.1:9/generation/v1', REGION_CLIENT_ID: 'bench', REGION_CLIENT_SECRET: 'x' },
  });
  // The transport's token opens the API; the channels also need a signed-in member, as on a desk.
  await signInAs(host.services, 'secretariat');
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const samples: number[] = [];
    const run = async (text: string) => {
      const answer = JSON.parse(
        await postToHost(agent, host.origin, host.token, 'students:search', JSON.stringify({ input: { query: text } })),
      );
      if (!answer.ok) throw new Error(`[bench.search] host answered ${answer.error?.code}`);
    };
    for (const q of queries.slice(0, WARMUP)) await run(q.text);
    for (const q of queries.slice(WARMUP, WARMUP + MEASURED)) {
      const started = performance.now();
      await run(q.text);
      samples.push(performance.now() - started);
    }
    return [
      {
        id: 'search.host_p50_ms',
        value: round(percentile(samples, 50)),
        unit: 'ms',
        note: `${samples.length} queries`,
      },
      { id: 'search.host_p95_ms', value: round(percentile(samples, 95)), unit: 'ms', note: 'target < 20' },
    ];
  } finally {
    agent.destroy();
    await host.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
};
