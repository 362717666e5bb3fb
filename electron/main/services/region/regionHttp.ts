/**
 * The got instance every Region API call goes through, and the one place where got's errors become
 * the app's typed errors. No retries yet: the sync engine will add its backoff policy on top.
 * JSON and binary (photo) calls share the instance, hence one 4-socket agent per connection.
 */
import type http from 'node:http';
import type https from 'node:https';
import got, { HTTPError, RequestError, TimeoutError, type Got, type Method } from 'got';
import { type z } from 'zod';
import {
  RegionApiError,
  RegionProtocolError,
  RegionUnreachableError,
  parseProblemBody,
  parseProblemType,
  parseRetryAfter,
} from './regionErrors';
import { REGION_MAX_SOCKETS, createCallSlots, createProxyAgents, type CallSlots } from './httpAgent';

export interface RegionHttpOptions {
  baseUrl: string;
  userAgent: string;
  /** Whole-request timeout; the Region answers in well under a second when healthy. */
  timeoutMs?: number;
  /**
   * Agents of this connection (`createProxyAgents` in httpAgent.ts: direct or through a proxy).
   * Default: a direct keep-alive agent of 4 sockets created for this instance.
   */
  agent?: { http?: http.Agent; https?: https.Agent };
}

export function createRegionHttp(options: RegionHttpOptions): Got {
  const prefixUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const defaults = options.agent?.http && options.agent.https ? null : createProxyAgents(null);
  const agent = {
    http: options.agent?.http ?? defaults?.http,
    https: options.agent?.https ?? defaults?.https,
  };
  const http = got.extend({
    prefixUrl,
    agent,
    timeout: { lookup: Math.min(5_000, timeoutMs), connect: Math.min(5_000, timeoutMs), request: timeoutMs },
    retry: { limit: 0 },
    responseType: 'text',
    throwHttpErrors: true,
    followRedirect: false,
    headers: { 'user-agent': options.userAgent, accept: 'application/json, application/problem+json' },
  });
  callSlotsByInstance.set(http, createCallSlots(REGION_MAX_SOCKETS));
  return http;
}

/**
 * At most 4 calls of one connection in flight (the Region's limit), whatever the agent: proxy
 * agents open their tunnels asynchronously, which Node's socket cap alone does not bound (see
 * httpAgent.ts). Keyed by the instance so JSON and binary calls share the same 4 slots.
 */
const callSlotsByInstance = new WeakMap<Got, CallSlots>();

function slotsOf(http: Got): CallSlots | undefined {
  return callSlotsByInstance.get(http);
}

export interface RegionRequest {
  method?: Method;
  /** Relative to the base URL, without a leading slash (`me`, `oauth/token`). */
  path: string;
  headers?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
  /** Aborts the call (it then fails as a network error; callers check their signal). */
  signal?: AbortSignal;
}

export interface RegionResponse<T> {
  body: T;
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

export async function requestJson<S extends z.ZodType>(
  http: Got,
  request: RegionRequest,
  schema: S,
): Promise<RegionResponse<z.infer<S>>> {
  let response;
  try {
    const call = () =>
      http(request.path, {
        method: request.method ?? 'GET',
        headers: request.headers,
        form: request.form,
        json: request.json,
        signal: request.signal,
      });
    response = await (slotsOf(http)?.run(call, request.signal) ?? call());
  } catch (error) {
    throw toRegionError(error);
  }
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    throw new RegionProtocolError(request.path);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new RegionProtocolError(request.path);
  return { body: parsed.data, status: response.statusCode, headers: response.headers };
}

/**
 * A binary GET (photos). 304 is an answer, not an error: the body is then empty. The caller checks
 * the bytes (photos: their SHA-256), the transport only types failures like `requestJson`.
 */
export async function requestBuffer(http: Got, request: RegionRequest): Promise<RegionResponse<Buffer>> {
  try {
    const call = () =>
      http(request.path, {
        method: request.method ?? 'GET',
        headers: { accept: '*/*', ...request.headers },
        responseType: 'buffer',
        signal: request.signal,
      });
    const response = await (slotsOf(http)?.run(call, request.signal) ?? call());
    return { body: response.body, status: response.statusCode, headers: response.headers };
  } catch (error) {
    throw toRegionError(error);
  }
}

export function toRegionError(error: unknown): Error {
  if (error instanceof HTTPError) {
    const raw: unknown = error.response.body;
    const body = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
    const retryAfter = error.response.headers['retry-after'];
    return new RegionApiError(
      error.response.statusCode,
      parseProblemType(body),
      parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : undefined),
      parseProblemBody(body),
    );
  }
  if (error instanceof TimeoutError) return new RegionUnreachableError('timeout');
  if (error instanceof RequestError) return new RegionUnreachableError('network');
  return error instanceof Error ? error : new Error('unexpected non-error thrown by got');
}
