/**
 * The photo checks run in their own process, at a lower OS priority than the app.
 *
 * Why a process and not a worker thread: the checks churn through memory (decoded pixels, the face
 * model's tensors), and a worker thread's garbage is collected with the help of V8's platform
 * threads, which the whole process shares at normal priority. On a 2-core desk those helpers and
 * the thread answering the UI then competed for one core: the UI thread sat 11–16 ms in the run
 * queue once per photo or so (its longest stall over 2,000 photos varied from 18 to 36 ms), even
 * with the worker thread itself niced. With every thread of the checks in a process of lower
 * priority, the scheduler hands the UI thread its core at once. A process also keeps a crash in
 * the native image or face-model code away from the app: the next check starts a new one.
 *
 * The services start it with Node's `fork` (tests, headless host, benches); the Electron shell,
 * whose fuses forbid running its binary as Node, passes a launcher built on `utilityProcess`.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { createLogger } from '../log/logger';
import { resolveWorkerEntry } from './workerEntry';
import { type WorkerRequest, type WorkerResponse } from './workerProtocol';

const log = createLogger('photoChecks.process');

export interface PhotoCheckProcess {
  /** The OS process id once started (diagnostics and tests). */
  readonly pid: number | undefined;
  send(message: WorkerRequest): void;
  onMessage(listener: (message: WorkerResponse) => void): void;
  onExit(listener: (code: number | null) => void): void;
  /** Ends the process; resolves once it has exited. */
  stop(): Promise<void>;
}

export type LaunchPhotoCheckProcess = () => PhotoCheckProcess;

/**
 * The lowest niceness on Linux and macOS (19): at 10 the UI thread still waited for a core a few
 * times per 600 photos (longest stall 18–19 ms), at 19 once or twice (15–17 ms, idle floor 5–8 ms).
 * The checks still get a core whenever the app leaves one idle, which on a desk is nearly always.
 * On Windows the matching class, IDLE, would run only when the machine has nothing else to do, and
 * staff wait for the check of the request they open: BELOW_NORMAL there.
 */
export const CHECK_PROCESS_PRIORITY =
  process.platform === 'win32' ? os.constants.priority.PRIORITY_BELOW_NORMAL : os.constants.priority.PRIORITY_LOW;

/** Best effort: a check process left at normal priority still works. */
export function lowerProcessPriority(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    os.setPriority(pid, CHECK_PROCESS_PRIORITY);
  } catch (error) {
    log.warn('could not lower the photo check process priority', {
      errorClass: error instanceof Error ? error.name : typeof error,
    });
  }
}

/** What both launchers' children (Node's and Electron's) offer to end them. */
interface EndableChild {
  once(event: 'exit', listener: () => void): unknown;
  kill(): unknown;
}

/** Ends a launched child; resolves once it has exited (at once if it already had). */
export function stopChild(child: EndableChild, exited: boolean): Promise<void> {
  return new Promise((resolve) => {
    if (exited) return resolve();
    child.once('exit', () => resolve());
    child.kill();
  });
}

/** The default launcher: a Node child process with an IPC channel (structured clone of messages). */
export const forkPhotoCheckProcess: LaunchPhotoCheckProcess = () => {
  const entry = resolveWorkerEntry();
  const child = fork(entry.file, [], {
    execArgv: entry.execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  lowerProcessPriority(child.pid);
  let exited = child.exitCode !== null || child.signalCode !== null;
  child.on('exit', () => {
    exited = true;
  });
  // A failed spawn (and an IPC write to a dead process) surfaces here; `exit` follows and fails the checks.
  child.on('error', (error) => log.error('photo check process error', { errorClass: error.name }));
  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      if (!exited && child.connected) child.send(message);
    },
    onMessage(listener) {
      child.on('message', (message) => listener(message as WorkerResponse));
    },
    onExit(listener) {
      child.on('exit', (code) => listener(code));
    },
    stop() {
      return stopChild(child, exited);
    },
  };
};
