/**
 * The demo simulator's admin on the CLI's `--json` start line: usable by a harness to play another
 * workstation, and nowhere else (not in the logs, not in any `/api` answer).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TEST_STORE_KEY } from '../store/tempDir';
import { hostDispatcher, signInAs } from '../support/staffSession';

const dataDir = mkdtempSync(join(tmpdir(), 'hdf-cli-admin-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const StartLine = z.strictObject({
  url: z.string(),
  origin: z.string(),
  token: z.string(),
  demoAdmin: z.strictObject({ url: z.string().url(), token: z.string().min(16) }).nullable(),
});

describe('host cli demoAdmin', () => {
  it('gives the demo simulator’s admin on the start line only, and it drives the simulator', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'host/cli.ts', '--json', '--data-dir', dataDir, '--requests', '10', '--seed', '9'],
      {
        cwd: join(import.meta.dirname, '../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, REGION_API_URL: '', HDF_STORE_KEY: TEST_STORE_KEY.toString('hex') },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let adminToken = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no JSON line within 30 s')), 30_000);
        child.stdout.on('data', () => {
          if (stdout.includes('\n')) {
            clearTimeout(timer);
            resolve();
          }
        });
        void exited.then(() => reject(new Error('host exited early')));
      });
      const started = StartLine.parse(JSON.parse(stdout.trimEnd().split('\n')[0] ?? ''));
      const admin = started.demoAdmin;
      expect(admin).not.toBeNull();
      adminToken = admin!.token;
      expect(admin!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__sim\/admin$/);

      // The admin works: a new request appears at the Region, and a wrong token is refused.
      const call = (op: string, token: string, args: unknown[]) =>
        fetch(`${admin!.url}/${op}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ args }),
        });
      const added = await call('addRequests', admin!.token, [1]);
      expect(added.status).toBe(200);
      const [id] = ((await added.json()) as { result: string[] }).result;
      const fetched = await call('getRequest', admin!.token, [id]);
      expect(((await fetched.json()) as { result: { request: unknown } }).result.request).toMatchObject({
        id,
        status: 'SUBMITTED',
      });
      expect((await call('getRequest', 'x'.repeat(admin!.token.length), [id])).status).toBe(401);

      await signInAs(hostDispatcher(started.origin, started.token), 'administrator');
      // Not over the API: no answer of the app's channels carries it.
      for (const channel of ['app:info', 'settings:get', 'sync:status', 'store:stats']) {
        const answer = await fetch(`${started.origin}/api/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${started.token}` },
          body: '{}',
        });
        const text = await answer.text();
        expect(text).toContain('"ok":true');
        expect(text).not.toContain(admin!.token);
        expect(text).not.toContain('__sim');
      }
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // Never logged, neither on stderr nor in the log file.
    expect(adminToken).not.toBe('');
    expect(stderr).not.toContain(adminToken);
    expect(readFileSync(join(dataDir, 'logs', 'app.log'), 'utf8')).not.toContain(adminToken);
  });
});
