/**
 * Entry of the photo-check worker thread: the checks (sharp decode, JS pixel loops, face model)
 * never run on the thread that answers the UI. Photo bytes arrive from the main thread (read
 * through photoStore, which owns decryption and integrity): this worker never opens photo files.
 *
 * The face model is loaded once, on first need; if it cannot be loaded the worker keeps answering
 * with stage A only (`faceStage: 'unavailable'`), logged once.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { createLogger } from '../log/logger';
import { checkPhoto } from './checkPhoto';
import { loadFaceDetector, type FaceDetector } from './faceDetector';
import { type WorkerRequest, type WorkerResponse } from './workerProtocol';

const log = createLogger('photoChecks.worker');

// One libvips thread: on a 2-core desk the worker then takes one core and leaves the other to the
// thread that answers the UI (libvips' pool is per process; the checks are its main user).
sharp.concurrency(1);
lowerThreadPriority();

/**
 * Background work must not take the CPU from the thread that answers the UI: on Linux this worker
 * thread gets a lower priority (a thread id is a valid target of setpriority). Elsewhere the OS
 * offers no per-thread niceness through Node, and the single-thread settings above are what keeps
 * one core free.
 */
function lowerThreadPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, 10);
  } catch {
    // Not allowed or not available: the checks still run, at normal priority.
  }
}

let detector: Promise<{ detector: FaceDetector | null; readyMs: number | null }> | null = null;

function faceDetector(): Promise<{ detector: FaceDetector | null; readyMs: number | null }> {
  detector ??= (async () => {
    const t0 = performance.now();
    try {
      const loaded = await loadFaceDetector();
      return { detector: loaded, readyMs: performance.now() - t0 };
    } catch (error) {
      log.error('face model could not be loaded: face checks disabled', {
        errorClass: error instanceof Error ? error.name : typeof error,
      });
      return { detector: null, readyMs: null };
    }
  })();
  return detector;
}

const port = parentPort;
if (port === null) throw new Error('[photoChecks.worker] must run in a worker thread');

// One message at a time: the face model is not re-entrant and a queue keeps memory flat.
let chain: Promise<void> = Promise.resolve();
port.on('message', (message: WorkerRequest) => {
  chain = chain.then(() => handle(message));
});

async function handle(message: WorkerRequest): Promise<void> {
  let response: WorkerResponse;
  try {
    if (message.type === 'warm') {
      const face = await faceDetector();
      response = { type: 'warmed', id: message.id, faceModel: face.detector !== null, modelReadyMs: face.readyMs };
    } else {
      const face = await faceDetector();
      const { report, timings } = await checkPhoto(Buffer.from(message.bytes), message.sha256, face.detector);
      response = { type: 'checked', id: message.id, report, timings };
    }
  } catch (error) {
    response = { type: 'failed', id: message.id, errorClass: error instanceof Error ? error.name : typeof error };
  }
  port!.postMessage(response);
}
