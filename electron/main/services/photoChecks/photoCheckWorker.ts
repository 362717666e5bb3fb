/**
 * Entry of the photo-check process (checkProcess.ts): the checks (sharp decode, JS pixel loops, face
 * model) never run in the process that answers the UI. Photo bytes arrive from the app (read through
 * photoStore, which owns decryption and integrity): this process never opens photo files.
 *
 * The face model is loaded once, on first need; if it cannot be loaded the process keeps answering
 * with stage A only (`faceStage: 'unavailable'`), logged once.
 */
import sharp from 'sharp';
import { createLogger } from '../log/logger';
import { checkPhoto } from './checkPhoto';
import { loadFaceDetector, type FaceDetector } from './faceDetector';
import { type WorkerRequest, type WorkerResponse } from './workerProtocol';

const log = createLogger('photoChecks.worker');

// One libvips thread: a check at a time needs no more, and the desk's other core stays the app's.
sharp.concurrency(1);

interface ParentChannel {
  post(message: WorkerResponse): void;
  listen(listener: (message: WorkerRequest) => void): void;
}

/** Electron's utility process (`process.parentPort`) or a Node child with an IPC channel. */
function parentChannel(): ParentChannel {
  const electronPort = (
    process as {
      parentPort?: {
        on(event: 'message', listener: (event: { data: unknown }) => void): void;
        postMessage(message: unknown): void;
      };
    }
  ).parentPort;
  if (electronPort) {
    return {
      post: (message) => electronPort.postMessage(message),
      listen: (listener) => electronPort.on('message', (event) => listener(event.data as WorkerRequest)),
    };
  }
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('[photoChecks.worker] must run as a child process with an IPC channel');
  // The app went away (crash or quit): nothing left to answer.
  process.on('disconnect', () => process.exit(0));
  return {
    post: (message) => void send(message),
    listen: (listener) => process.on('message', (message) => listener(message as WorkerRequest)),
  };
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

const channel = parentChannel();

// One message at a time: the face model is not re-entrant and a queue keeps memory flat.
let chain: Promise<void> = Promise.resolve();
channel.listen((message) => {
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
  channel.post(response);
}
