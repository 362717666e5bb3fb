/**
 * One connection to one Region API (base URL + client credentials): the got instance and the token
 * provider together, so callers make authenticated calls without touching tokens.
 */
import { type Got } from 'got';
import { type z } from 'zod';
import {
  createRegionHttp,
  requestJson,
  type RegionHttpOptions,
  type RegionRequest,
  type RegionResponse,
} from './regionHttp';
import { createTokenProvider, withToken, type TokenProvider } from './tokenProvider';

export interface RegionConnectionConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

export interface RegionClient {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly http: Got;
  readonly tokens: TokenProvider;
  call<S extends z.ZodType>(request: RegionRequest, schema: S): Promise<RegionResponse<z.infer<S>>>;
}

export interface RegionClientOptions extends RegionConnectionConfig {
  userAgent: string;
  timeoutMs?: number;
  /** Clock for token lifetimes and back-off; tests move it forward. */
  now?: () => number;
  /** Connection agents (direct or through the school's proxy); default: a direct 4-socket agent. */
  agent?: RegionHttpOptions['agent'];
}

export function createRegionClient(options: RegionClientOptions): RegionClient {
  const http = createRegionHttp({
    baseUrl: options.baseUrl,
    userAgent: options.userAgent,
    timeoutMs: options.timeoutMs,
    ...(options.agent ? { agent: options.agent } : {}),
  });
  const tokens = createTokenProvider({
    http,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    baseUrl: options.baseUrl,
    clientId: options.clientId,
    http,
    tokens,
    call(request, schema) {
      return withToken(tokens, (token) =>
        requestJson(http, { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } }, schema),
      );
    },
  };
}
