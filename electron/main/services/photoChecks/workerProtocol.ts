/** Messages between the app and the photo-check process (structured clone). */
import { type PhotoChecksReport } from '../../../../shared/schemas/photoChecks';
import { type CheckTimings } from './checkPhoto';

export type WorkerRequest =
  | { type: 'check'; id: number; sha256: string; bytes: ArrayBuffer }
  /**
   * A cached photo, read and decrypted by the check process itself (photos/photoCipher.ts): the
   * app's process then handles no photo bytes for a background check, only this message and the
   * report. `key` is the store's photo encryption key, sent with each request so a restarted
   * process needs no other state.
   */
  | { type: 'checkFile'; id: number; sha256: string; file: string; key: Uint8Array }
  | { type: 'warm'; id: number };

export type WorkerResponse =
  | { type: 'checked'; id: number; report: PhotoChecksReport; timings: CheckTimings }
  /** `checkFile` only: no such file, or not an authentic encryption of that photo. */
  | { type: 'unreadable'; id: number; reason: 'missing' | 'corrupt' }
  | { type: 'warmed'; id: number; faceModel: boolean; modelReadyMs: number | null }
  | { type: 'failed'; id: number; errorClass: string };
