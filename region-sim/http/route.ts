import { type IncomingMessage } from 'node:http';
import { type Scope } from '../auth/clientRegistry';
import { type SimClient } from '../auth/clientRegistry';
import { type RouteId } from '../faults/faultTypes';
import { type SimContext } from '../simContext';
import { type HttpAnswer } from './answer';
import { badRequest } from './problems';
import { readBody } from './readBody';

export interface RouteCall {
  ctx: SimContext;
  req: IncomingMessage;
  params: string[];
  query: URLSearchParams;
  /** Null only on the token endpoint. */
  client: SimClient;
  /** Injected latency; routes that hold an idempotency key call it themselves. */
  pause: () => Promise<void>;
}

export interface Route {
  id: RouteId;
  method: 'GET' | 'POST' | 'PUT';
  pattern: RegExp;
  /** null: no token needed (token endpoint); 'any': a valid token, no particular scope. */
  scope: Scope | 'any' | null;
  pausesItself?: boolean;
  handle(call: RouteCall): HttpAnswer | Promise<HttpAnswer>;
}

const JSON_LIMIT = 1024 * 1024;

export type JsonRead = { ok: true; value: unknown; text: string } | { ok: false; answer: HttpAnswer };

export async function readJson(req: IncomingMessage): Promise<JsonRead> {
  const body = await readBody(req, JSON_LIMIT);
  if (!body.ok) return { ok: false, answer: badRequest('bad-request', 'Le corps de la requête est trop volumineux.') };
  const text = body.bytes.toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) as unknown, text };
  } catch {
    return { ok: false, answer: badRequest('bad-request', "Le corps de la requête n'est pas un JSON valide.") };
  }
}

/** `limit` query parameter: 1..500, default 200 (else 400 with a pointer). */
export function readLimit(query: URLSearchParams): { ok: true; limit: number } | { ok: false; answer: HttpAnswer } {
  const raw = query.get('limit');
  if (raw === null) return { ok: true, limit: 200 };
  const n = /^[0-9]{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 500) {
    return {
      ok: false,
      answer: badRequest('bad-request', 'limit doit être compris entre 1 et 500.', [
        { pointer: '#/query/limit', code: 'OUT_OF_RANGE', detail: `Valeur reçue : ${raw.slice(0, 20)}.` },
      ]),
    };
  }
  return { ok: true, limit: n };
}
