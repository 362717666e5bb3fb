/**
 * Starts the real headless host (`host/cli.ts`) in demo mode on a fresh data directory and reads
 * the line it prints first: `{url, origin, token, demoAdmin}` (demoAdmin: the demo simulator's
 * admin, with which a test plays another workstation or the Region).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';

export const HostInfo = z.object({
  url: z.string().url(),
  origin: z.string().url(),
  token: z.string().regex(/^[0-9a-f]{64}$/),
  demoAdmin: z.object({ url: z.string().url(), token: z.string().min(16) }).nullable(),
});
export type HostInfo = z.infer<typeof HostInfo>;

export const HOST_ENV_KEY = 'HDF_E2E_HOST';

const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');
const HOST_CLI = join(PROJECT_ROOT, 'host', 'cli.ts');
const START_TIMEOUT_MS = 90_000;

export interface RunningHost {
  info: HostInfo;
  stop: () => Promise<void>;
}

export async function startHost(options: { requests: number; env?: Record<string, string> }): Promise<RunningHost> {
  if (!existsSync(HOST_CLI)) {
    throw new Error(`[e2e.host] ${HOST_CLI} does not exist yet: the headless host is required for the e2e suite`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'hdf-e2e-'));
  // Only the Region settings a test asks for: none may leak in from the developer's shell.
  const env = { ...process.env };
  delete env.REGION_API_URL;
  delete env.REGION_CLIENT_ID;
  delete env.REGION_CLIENT_SECRET;
  // The host requires its store key from the environment: a fresh random one per host run.
  env.HDF_STORE_KEY = randomBytes(32).toString('hex');
  Object.assign(env, options.env);
  const child = spawn(
    'npx',
    ['tsx', HOST_CLI, '--json', '--port', '0', '--data-dir', dataDir, '--requests', String(options.requests)],
    { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(chunk);
    if (stderr.length > 200) stderr.shift();
  });

  const stop = async () => {
    await killGroup(child);
    // The host's SQLite files may still be closing in a grandchild for a moment: retry, as fs allows.
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };

  try {
    const info = await firstLine(child);
    return { info, stop };
  } catch (error) {
    await stop();
    throw new Error(`[e2e.host] host did not start: ${(error as Error).message}\n${stderr.join('')}`);
  }
}

function firstLine(child: ChildProcess): Promise<HostInfo> {
  return new Promise((resolvePromise, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`no start line within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with code ${code}`));
    });
    // The contract is « first line »; a stray log line before it is tolerated (and reported) so
    // one misplaced log call does not take the whole suite down.
    const onLine = (line: string) => {
      let parsed: HostInfo;
      try {
        parsed = HostInfo.parse(JSON.parse(line));
      } catch {
        console.warn('[e2e.host] skipped a stdout line that is not the {url, origin, token, demoAdmin} start line');
        return;
      }
      clearTimeout(timer);
      lines.off('line', onLine);
      resolvePromise(parsed);
      // Keep draining stdout so the host never blocks on a full pipe.
      lines.on('line', () => undefined);
    };
    lines.on('line', onLine);
  });
}

/** The host runs under npx → tsx → node: stop the whole process group this suite started. */
async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timeout = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), 5_000));
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  // `npx` can exit before the host it started (its grandchild) has finished closing: wait for the
  // whole process group to be gone, at most 5 s.
  const groupAlive = (pid: number): boolean => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let waited = 0; waited < 5_000 && groupAlive(child.pid); waited += 50) {
    await new Promise((done) => setTimeout(done, 50));
  }
}
