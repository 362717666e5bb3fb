import { type IncomingMessage } from 'node:http';
import { isUuid } from '../idempotency/idempotencyGuard';
import { type HttpAnswer } from './answer';
import { badRequest } from './problems';

/**
 * The `Idempotency-Key` header every state-changing POST requires: the key, or the contract's
 * 400 `idempotency-key-missing` answer (REQUIRED when absent, INVALID_FORMAT when not a UUID).
 */
export function idempotencyKeyOf(req: IncomingMessage): { key: string } | { answer: HttpAnswer } {
  const key = req.headers['idempotency-key'];
  if (typeof key === 'string' && isUuid(key)) return { key };
  return {
    answer: badRequest('idempotency-key-missing', "L'en-tête Idempotency-Key (UUID) est obligatoire pour cet appel.", [
      { pointer: '#/header/Idempotency-Key', code: typeof key === 'string' ? 'INVALID_FORMAT' : 'REQUIRED' },
    ]),
  };
}
