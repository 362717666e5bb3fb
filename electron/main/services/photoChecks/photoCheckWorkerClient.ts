/**
 * The main thread's handle on the photo-check worker: posts photo bytes (transferred, not copied)
 * and resolves each answer by id. A worker that dies fails its pending checks and is started again
 * on the next call, so one poison image cannot stop the checks for good.
 */
import { Worker } from 'node:worker_threads';
import { type PhotoChecksReport } from '../../../../shared/schemas/photoChecks';
import { createLogger } from '../log/logger';
import { type CheckTimings } from './checkPhoto';
import { resolveWorkerEntry } from './workerEntry';
import { type WorkerRequest, type WorkerResponse } from './workerProtocol';

const log = createLogger('photoChecks.client');

export interface PhotoCheckWorker {
  check(sha256: string, bytes: Buffer): Promise<{ report: PhotoChecksReport; timings: CheckTimings }>;
  /** Loads the face model now; answers whether it is available and how long it took. */
  warm(): Promise<{ faceModel: boolean; modelReadyMs: number | null }>;
  close(): Promise<void>;
}

export class PhotoWorkerError extends Error {
  override readonly name = 'PhotoWorkerError';
}

type Pending = { resolve: (response: WorkerResponse) => void; reject: (error: Error) => void };

export function createPhotoCheckWorker(): PhotoCheckWorker {
  let worker: Worker | null = null;
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, Pending>();

  function failAll(reason: string): void {
    for (const [, p] of pending) p.reject(new PhotoWorkerError(reason));
    pending.clear();
  }

  function ensure(): Worker {
    if (closed) throw new PhotoWorkerError('photo check worker closed');
    if (worker) return worker;
    const entry = resolveWorkerEntry();
    const started = new Worker(entry.file, { workerData: entry.workerData });
    started.on('message', (response: WorkerResponse) => {
      const p = pending.get(response.id);
      if (!p) return;
      pending.delete(response.id);
      p.resolve(response);
    });
    started.on('error', (error) => {
      log.error('photo check worker failed', { errorClass: error.name });
    });
    started.on('exit', (code) => {
      if (worker === started) worker = null;
      if (!closed) log.warn('photo check worker exited', { code });
      failAll('photo check worker exited');
    });
    worker = started;
    return started;
  }

  function send(message: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<WorkerResponse> {
    const target = ensure();
    return new Promise((resolve, reject) => {
      pending.set(message.id, { resolve, reject });
      target.postMessage(message, transfer);
    });
  }

  return {
    async check(sha256, bytes) {
      // Transfer a copy that owns its whole ArrayBuffer (a Buffer may be a view on a shared pool).
      const owned = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      const response = await send({ type: 'check', id: nextId++, sha256, bytes: owned }, [owned]);
      if (response.type === 'checked') return { report: response.report, timings: response.timings };
      throw new PhotoWorkerError(response.type === 'failed' ? response.errorClass : 'unexpected answer');
    },
    async warm() {
      const response = await send({ type: 'warm', id: nextId++ });
      if (response.type === 'warmed') return { faceModel: response.faceModel, modelReadyMs: response.modelReadyMs };
      throw new PhotoWorkerError(response.type === 'failed' ? response.errorClass : 'unexpected answer');
    },
    async close() {
      closed = true;
      const current = worker;
      worker = null;
      failAll('photo check worker closed');
      if (current) await current.terminate();
    },
  };
}
