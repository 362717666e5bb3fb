/**
 * The Region simulator in a child process, for benchmarks that measure the app's process alone: the
 * server parses, serialises and stores on the other core, as a real Region would, and never adds
 * its heap, its stalls or its CPU time to the figures of the process answering the UI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { type RouteId, type RunningSimulator } from '../region-sim';

export interface SimChildOptions {
  requests: number;
  seed: number;
  uais?: 1 | 2;
  photos?: 'pool' | 'distinct';
  photoKb?: number;
  rateLimitPerMinute?: number;
}

export type SimChild = Pick<RunningSimulator, 'baseUrl' | 'clients' | 'adminToken' | 'dataFile'> & {
  /** Calls the simulator received on these routes, read over its admin HTTP endpoint. */
  callCount(routes: readonly RouteId[]): Promise<number>;
  /** Kills the child and waits for it; safe to call twice. */
  close(): Promise<void>;
};

const ROOT = path.resolve(import.meta.dirname, '..');
const START_TIMEOUT_MS = 120_000;
const running = new Set<ChildProcess>();
// Last resort when the bench dies between start and close: no simulator outlives its parent.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * One admin call on a fresh connection (`agent: false`): the bench may pause longer than the
 * server's keep-alive timeout between calls, and a pooled socket closed meanwhile fails (EPIPE).
 */
function adminPost(url: URL, adminToken: string, args: unknown[]): Promise<unknown> {
  const body = JSON.stringify({ args });
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${adminToken}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) reject(new Error(`[bench.simChild] admin answered ${res.statusCode}`));
          else resolve((JSON.parse(text) as { result: unknown }).result);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function startSimChild(options: SimChildOptions): Promise<SimChild> {
  const args = [
    '--import',
    'tsx',
    path.join(ROOT, 'region-sim', 'cli.ts'),
    '--json',
    '--quiet',
    '--exit-on-stdin-end',
    '--port',
    '0',
    '--requests',
    String(options.requests),
    '--seed',
    String(options.seed),
    '--uais',
    String(options.uais ?? 2),
    '--photos',
    options.photos ?? 'pool',
    '--photo-kb',
    String(options.photoKb ?? 60),
    '--rate-limit',
    String(options.rateLimitPerMinute ?? 1200),
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  running.add(child);
  const exited = once(child, 'exit').then(() => running.delete(child));

  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  let info: Pick<RunningSimulator, 'baseUrl' | 'clients' | 'adminToken' | 'dataFile'>;
  let timer: NodeJS.Timeout | undefined;
  try {
    const lines = createInterface({ input: child.stdout });
    const first = once(lines, 'line') as Promise<[string]>;
    const died = exited.then((): never => {
      throw new Error(`[bench.simChild] simulator exited before it was ready (code ${child.exitCode})`);
    });
    died.catch(() => undefined); // only meaningful while racing below
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('[bench.simChild] simulator not ready in time')), START_TIMEOUT_MS);
    });
    const [line] = await Promise.race([first, died, timeout]);
    info = JSON.parse(line) as typeof info;
    lines.close();
  } catch (error) {
    await close();
    throw error;
  } finally {
    clearTimeout(timer);
  }

  const adminUrl = new URL(info.baseUrl.replace(/\/generation\/v1$/, '/__sim/admin/callCount'));
  const callCount = async (routes: readonly RouteId[]): Promise<number> => {
    let total = 0;
    for (const route of routes) total += (await adminPost(adminUrl, info.adminToken, [route])) as number;
    return total;
  };
  return { ...info, callCount, close };
}
