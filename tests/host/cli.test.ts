/**
 * `host/cli.ts` as a harness runs it: one JSON line on stdout, a working API, and a clean exit on
 * SIGTERM with the demo simulator stopped.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_STORE_KEY } from '../store/tempDir';
import { hostDispatcher, signInAs } from '../support/staffSession';

const dataDir = mkdtempSync(join(tmpdir(), 'hdf-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('host cli', () => {
  it('prints {url, origin, token} as the only stdout line and stops cleanly on SIGTERM', async () => {
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
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.resume();
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
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
      const lines = stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      const started = JSON.parse(lines[0] ?? '') as { url: string; origin: string; token: string };
      expect(started.url).toBe(`${started.origin}/#token=${started.token}`);
      await signInAs(hostDispatcher(started.origin, started.token), 'administrator');
      const answer = await fetch(`${started.origin}/api/settings:get`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${started.token}` },
        body: '{}',
      });
      expect(await answer.json()).toMatchObject({ ok: true, value: { mode: 'demo' } });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(readFileSync(join(dataDir, 'logs', 'app.log'), 'utf8')).toContain('[app.services] services stopped');
  });
});
