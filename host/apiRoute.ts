/**
 * `POST /api/<channel>`: the headless host's side of the renderer protocol. Checks, in order: the
 * Origin (another site → 403), the bearer token (→ 401, compared in constant time), the content
 * type and the body size (> 1 MiB → 413), then hands `{input}` to the dispatcher and answers its
 * Result with HTTP 200.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Result } from '../shared/ipc/result';
import { createLogger } from '../electron/main/services/log/logger';

const log = createLogger('host.api');

export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this many bytes the rest of an oversized body is not even drained: the socket is dropped. */
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;

export interface ApiRouteOptions {
  token: string;
  origin: string;
  dispatch(channel: string, rawInput: unknown): Promise<Result<unknown>>;
}

const UNAUTHORIZED_MESSAGE =
  'Accès refusé : jeton de session absent ou invalide. Rouvrez l’adresse affichée par le poste.';

export function tokenMatches(expected: string, header: string | undefined): boolean {
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  // Hashing first gives equal lengths, so timingSafeEqual never leaks the token's length either.
  const given = createHash('sha256').update(header.slice('Bearer '.length)).digest();
  const wanted = createHash('sha256').update(expected).digest();
  return timingSafeEqual(given, wanted);
}

function sendResult(response: ServerResponse, status: number, result: Result<unknown>): void {
  const body = JSON.stringify(result);
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Content-Length', Buffer.byteLength(body));
  response.end(body);
}

type BodyOutcome = { kind: 'ok'; text: string } | { kind: 'too-large' } | { kind: 'aborted' };

function readBody(request: IncomingMessage): Promise<BodyOutcome> {
  return new Promise((resolve) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_DRAIN_BYTES) {
      resolve({ kind: 'too-large' });
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_BODY_BYTES) {
        // Keep draining so the client can read the 413, but stop keeping the bytes.
        tooLarge = true;
        chunks.length = 0;
        if (received > MAX_DRAIN_BYTES) {
          resolve({ kind: 'too-large' });
          request.destroy();
        }
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(tooLarge ? { kind: 'too-large' } : { kind: 'ok', text: Buffer.concat(chunks).toString('utf8') }),
    );
    request.on('error', () => resolve({ kind: 'aborted' }));
    request.on('aborted', () => resolve({ kind: 'aborted' }));
  });
}

type Envelope = { ok: true; input: unknown } | { ok: false };

/** `{"input": …}` or `{}`; anything else (other members, non-objects, bad JSON) is refused. */
export function parseEnvelope(text: string): Envelope {
  if (text.trim() === '') return { ok: true, input: undefined };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false };
  const keys = Object.keys(json);
  if (keys.some((key) => key !== 'input')) return { ok: false };
  return {
    ok: true,
    input: Object.prototype.hasOwnProperty.call(json, 'input') ? (json as { input: unknown }).input : undefined,
  };
}

export async function handleApi(
  options: ApiRouteOptions,
  channel: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== options.origin) {
    log.warn('request from another origin refused', { status: 403 });
    request.resume();
    return sendResult(response, 403, {
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Accès refusé : cette page n’est pas celle du poste.' },
    });
  }
  if (!tokenMatches(options.token, request.headers.authorization)) {
    request.resume();
    return sendResult(response, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: UNAUTHORIZED_MESSAGE } });
  }
  const contentType = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    request.resume();
    return sendResult(response, 415, {
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Demande refusée : le contenu doit être au format JSON.' },
    });
  }
  const body = await readBody(request);
  if (body.kind === 'aborted') return;
  if (body.kind === 'too-large') {
    response.setHeader('Connection', 'close');
    return sendResult(response, 413, {
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Demande refusée : contenu trop volumineux (1 Mio au plus).' },
    });
  }
  const envelope = parseEnvelope(body.text);
  if (!envelope.ok) {
    return sendResult(response, 200, {
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Demande refusée : format de la demande incorrect.' },
    });
  }
  const result = await options.dispatch(channel, envelope.input);
  sendResult(response, 200, result);
}
