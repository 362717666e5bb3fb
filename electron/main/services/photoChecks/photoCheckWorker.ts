/**
 * Entry of the photo-check process (checkProcess.ts): the checks (sharp decode, JS pixel loops, face
 * model) never run in the process that answers the UI. Cached photos are read here, from the file the
 * app names, and decrypted and verified with photos/photoCipher.ts (the key comes with the request):
 * the photo bytes of a background check never pass through the app's process. This process writes
 * nothing to disk.
 *
 * The face model is loaded once, on first need; if it cannot be loaded the process keeps answering
 * with stage A only (`faceStage: 'unavailable'`), logged once.
 */
import fs from 'node:fs';
import sharp from 'sharp';
import { createLogger } from '../log/logger';
import { decryptPhotoFile } from '../photos/photoCipher';
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

/** The photo's verified bytes, or why there are none. */
async function readPhotoFile(
  message: Extract<WorkerRequest, { type: 'checkFile' }>,
): Promise<Buffer | 'missing' | 'corrupt'> {
  let file: Buffer;
  try {
    file = await fs.promises.readFile(message.file);
  } catch {
    return 'missing';
  }
  const key = Buffer.from(message.key.buffer, message.key.byteOffset, message.key.byteLength);
  return decryptPhotoFile(key, message.sha256, file) ?? 'corrupt';
}

async function handle(message: WorkerRequest): Promise<void> {
  let response: WorkerResponse;
  try {
    if (message.type === 'warm') {
      const face = await faceDetector();
      response = { type: 'warmed', id: message.id, faceModel: face.detector !== null, modelReadyMs: face.readyMs };
    } else {
      const bytes = message.type === 'check' ? Buffer.from(message.bytes) : await readPhotoFile(message);
      if (typeof bytes === 'string') {
        response = { type: 'unreadable', id: message.id, reason: bytes };
      } else {
        const face = await faceDetector();
        const { report, timings } = await checkPhoto(bytes, message.sha256, face.detector);
        response = { type: 'checked', id: message.id, report, timings };
      }
    }
  } catch (error) {
    response = { type: 'failed', id: message.id, errorClass: error instanceof Error ? error.name : typeof error };
  }
  channel.post(response);
}
