/**
 * The got instance every Region API call goes through, and the one place where got's errors become
 * the app's typed errors. No retries yet: the sync engine will add its backoff policy on top.
 */
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

export interface RegionHttpOptions {
  baseUrl: string;
  userAgent: string;
  /** Whole-request timeout; the Region answers in well under a second when healthy. */
  timeoutMs?: number;
}

export function createRegionHttp(options: RegionHttpOptions): Got {
  const prefixUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const timeoutMs = options.timeoutMs ?? 15_000;
  return got.extend({
    prefixUrl,
    timeout: { lookup: Math.min(5_000, timeoutMs), connect: Math.min(5_000, timeoutMs), request: timeoutMs },
    retry: { limit: 0 },
    responseType: 'text',
    throwHttpErrors: true,
    followRedirect: false,
    headers: { 'user-agent': options.userAgent, accept: 'application/json, application/problem+json' },
  });
}

export interface RegionRequest {
  method?: Method;
  /** Relative to the base URL, without a leading slash (`me`, `oauth/token`). */
  path: string;
  headers?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
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
    response = await http(request.path, {
      method: request.method ?? 'GET',
      headers: request.headers,
      form: request.form,
      json: request.json,
    });
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

export function toRegionError(error: unknown): Error {
  if (error instanceof HTTPError) {
    const body = typeof error.response.body === 'string' ? error.response.body : '';
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
