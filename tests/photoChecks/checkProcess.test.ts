/**
 * The photo checks' own process: started at a lower priority than the app, answering over its IPC
 * channel, and replaced after a crash without losing the checks asked afterwards.
 */
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CHECK_PROCESS_PRIORITY,
  forkPhotoCheckProcess,
  type PhotoCheckProcess,
} from '../../electron/main/services/photoChecks/checkProcess';
import {
  createPhotoCheckWorker,
  type PhotoCheckWorker,
} from '../../electron/main/services/photoChecks/photoCheckWorkerClient';
import { sha256Hex } from '../../electron/main/services/photos/photoStore';
import { buildFixtures } from './fixtures';

let worker: PhotoCheckWorker | null = null;
afterEach(async () => {
  await worker?.close();
  worker = null;
});

function recordingLauncher(started: PhotoCheckProcess[]) {
  return () => {
    const launched = forkPhotoCheckProcess();
    started.push(launched);
    return launched;
  };
}

async function goodPhoto(): Promise<Buffer> {
  const fixture = (await buildFixtures()).find((f) => f.name === 'good-face-1.jpg');
  if (!fixture) throw new Error('fixture missing');
  return fixture.bytes;
}

describe('photo check process', () => {
  it('runs in another process, at a lower priority than the app', async () => {
    const started: PhotoCheckProcess[] = [];
    worker = createPhotoCheckWorker({ launch: recordingLauncher(started) });
    const bytes = await goodPhoto();
    const { report } = await worker.check(sha256Hex(bytes), bytes);
    expect(report.sha256).toBe(sha256Hex(bytes));
    expect(started).toHaveLength(1);
    const pid = started[0]!.pid;
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    expect(os.getPriority(pid)).toBe(CHECK_PROCESS_PRIORITY);
    expect(os.getPriority(pid)).toBeGreaterThan(os.getPriority());
  }, 60_000);

  it('fails the checks in flight when the process dies, and starts a new one for the next check', async () => {
    const started: PhotoCheckProcess[] = [];
    worker = createPhotoCheckWorker({ launch: recordingLauncher(started) });
    const bytes = await goodPhoto();
    const inFlight = worker.check(sha256Hex(bytes), bytes);
    process.kill(started[0]!.pid!, 'SIGKILL'); // a crash in native image or model code
    await expect(inFlight).rejects.toThrow(/exited/);
    const { report } = await worker.check(sha256Hex(bytes), bytes);
    expect(report.sha256).toBe(sha256Hex(bytes));
    expect(started).toHaveLength(2);
    expect(started[1]!.pid).not.toBe(started[0]!.pid);
  }, 60_000);

  it('leaves no process behind once closed', async () => {
    const started: PhotoCheckProcess[] = [];
    worker = createPhotoCheckWorker({ launch: recordingLauncher(started) });
    await worker.warm();
    const pid = started[0]!.pid!;
    await worker.close();
    worker = null;
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  }, 60_000);
});
