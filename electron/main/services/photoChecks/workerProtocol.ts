/** Messages between the main thread and the photo-check worker (structured clone; bytes transferred). */
import { type PhotoChecksReport } from '../../../../shared/schemas/photoChecks';
import { type CheckTimings } from './checkPhoto';

export type WorkerRequest =
  { type: 'check'; id: number; sha256: string; bytes: ArrayBuffer } | { type: 'warm'; id: number };

export type WorkerResponse =
  | { type: 'checked'; id: number; report: PhotoChecksReport; timings: CheckTimings }
  | { type: 'warmed'; id: number; faceModel: boolean; modelReadyMs: number | null }
  | { type: 'failed'; id: number; errorClass: string };
