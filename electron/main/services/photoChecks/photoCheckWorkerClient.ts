/**
 * The app's handle on the photo-check process (checkProcess.ts): sends photos (bytes, or the cached
 * file to read) and resolves each answer by id. A process that dies fails its pending checks and is
 * started again on the next call, so one poison image cannot stop the checks for good.
 */
import { type PhotoChecksReport } from '../../../../shared/schemas/photoChecks';
import { createLogger } from '../log/logger';
import { type CheckTimings } from './checkPhoto';
import { forkPhotoCheckProcess, type LaunchPhotoCheckProcess, type PhotoCheckProcess } from './checkProcess';
import { type WorkerRequest, type WorkerResponse } from './workerProtocol';

const log = createLogger('photoChecks.client');

export interface PhotoCheckWorker {
  check(sha256: string, bytes: Buffer): Promise<{ report: PhotoChecksReport; timings: CheckTimings }>;
  /**
   * Checks a cached photo the process reads and decrypts itself (`key`: the store's photo key):
   * answers why not when the file is missing or not that photo.
   */
  checkFile(
    sha256: string,
    file: string,
    key: Buffer,
  ): Promise<{ report: PhotoChecksReport; timings: CheckTimings } | { unreadable: 'missing' | 'corrupt' }>;
  /** Loads the face model now; answers whether it is available and how long it took. */
  warm(): Promise<{ faceModel: boolean; modelReadyMs: number | null }>;
  close(): Promise<void>;
}

export class PhotoWorkerError extends Error {
  override readonly name = 'PhotoWorkerError';
}

type Pending = { resolve: (response: WorkerResponse) => void; reject: (error: Error) => void };

export interface PhotoCheckWorkerOptions {
  /** How the checks' process is started (default: Node's fork; the Electron shell uses utilityProcess). */
  launch?: LaunchPhotoCheckProcess;
}

export function createPhotoCheckWorker(options: PhotoCheckWorkerOptions = {}): PhotoCheckWorker {
  const launch = options.launch ?? forkPhotoCheckProcess;
  let current: PhotoCheckProcess | null = null;
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, Pending>();

  function failAll(reason: string): void {
    for (const [, p] of pending) p.reject(new PhotoWorkerError(reason));
    pending.clear();
  }

  function ensure(): PhotoCheckProcess {
    if (closed) throw new PhotoWorkerError('photo check process closed');
    if (current) return current;
    const started = launch();
    started.onMessage((response) => {
      const p = pending.get(response.id);
      if (!p) return;
      pending.delete(response.id);
      p.resolve(response);
    });
    started.onExit((code) => {
      if (current === started) current = null;
      if (!closed) log.warn('photo check process exited', { code });
      failAll('photo check process exited');
    });
    current = started;
    return started;
  }

  function send(message: WorkerRequest): Promise<WorkerResponse> {
    const target = ensure();
    return new Promise((resolve, reject) => {
      pending.set(message.id, { resolve, reject });
      target.send(message);
    });
  }

  return {
    async check(sha256, bytes) {
      // Exactly the photo's bytes: a Buffer may be a view on a larger (pooled) ArrayBuffer, which
      // would be sent whole. Copied only then: every copy is garbage the UI thread collects.
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      const owned = (
        whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
      ) as ArrayBuffer;
      const response = await send({ type: 'check', id: nextId++, sha256, bytes: owned });
      if (response.type === 'checked') return { report: response.report, timings: response.timings };
      throw new PhotoWorkerError(response.type === 'failed' ? response.errorClass : 'unexpected answer');
    },
    async checkFile(sha256, file, key) {
      const response = await send({ type: 'checkFile', id: nextId++, sha256, file, key: new Uint8Array(key) });
      if (response.type === 'checked') return { report: response.report, timings: response.timings };
      if (response.type === 'unreadable') return { unreadable: response.reason };
      throw new PhotoWorkerError(response.type === 'failed' ? response.errorClass : 'unexpected answer');
    },
    async warm() {
      const response = await send({ type: 'warm', id: nextId++ });
      if (response.type === 'warmed') return { faceModel: response.faceModel, modelReadyMs: response.modelReadyMs };
      throw new PhotoWorkerError(response.type === 'failed' ? response.errorClass : 'unexpected answer');
    },
    async close() {
      closed = true;
      const running = current;
      current = null;
      failAll('photo check process closed');
      if (running) await running.stop();
    },
  };
}
