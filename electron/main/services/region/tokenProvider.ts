/**
 * OAuth client credentials for the Region API. The token is reused until about 60 s before it
 * expires (the Region allows 30 token requests an hour); concurrent callers share one request.
 * `withToken` replays a call once with a fresh token after a 401; a second 401 is final and means
 * the credentials are wrong, which the connection monitor reports as `needs-credentials`.
 */
import { type Got } from 'got';
import { TokenResponse } from '../../../../shared/region-api/schemas';
import { createLogger } from '../log/logger';
import { RegionApiError } from './regionErrors';
import { requestJson } from './regionHttp';

const log = createLogger('region.token');
const RENEW_BEFORE_EXPIRY_MS = 60_000;
/**
 * After the Region refused the credentials, calls fail fast for this long instead of asking for a
 * token again: the Region allows 30 token requests an hour and wrong credentials do not fix
 * themselves. New credentials get a new provider, so a corrected secret is tried at once.
 */
export const REFUSED_CREDENTIALS_BACKOFF_MS = 5 * 60_000;

export interface TokenProvider {
  getToken(): Promise<string>;
  /** Forgets `token` if it is still the cached one (a 401 proved it dead). */
  invalidate(token: string): void;
  /** The Region refused these credentials (a 401 on a fresh token): fail fast for a while. */
  markRefused(error: RegionApiError): void;
  /** How many tokens were issued since creation (for tests and the status line). */
  issuedCount(): number;
}

export interface TokenProviderOptions {
  http: Got;
  clientId: string;
  clientSecret: string;
  now?: () => number;
}

export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const now = options.now ?? Date.now;
  let cached: { token: string; renewAt: number } | null = null;
  let inFlight: Promise<string> | null = null;
  let issued = 0;
  let refused: { error: RegionApiError; until: number } | null = null;

  function markRefused(error: RegionApiError): void {
    cached = null;
    refused = { error, until: now() + REFUSED_CREDENTIALS_BACKOFF_MS };
    log.warn('credentials refused, pausing token requests', { backoffS: REFUSED_CREDENTIALS_BACKOFF_MS / 1000 });
  }

  async function requestToken(): Promise<string> {
    let response;
    try {
      response = await requestJson(
        options.http,
        {
          method: 'POST',
          path: 'oauth/token',
          form: { grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret },
        },
        TokenResponse,
      );
    } catch (error) {
      if (error instanceof RegionApiError && error.status === 401) markRefused(error);
      throw error;
    }
    issued += 1;
    const lifetimeMs = response.body.expires_in * 1000;
    // Very short lifetimes (tests, a misconfigured server) still get half their life.
    const renewAt = now() + Math.max(lifetimeMs - RENEW_BEFORE_EXPIRY_MS, lifetimeMs / 2);
    cached = { token: response.body.access_token, renewAt };
    log.info('token issued', { expiresInS: response.body.expires_in, issued });
    return response.body.access_token;
  }

  return {
    getToken() {
      if (refused && now() < refused.until) return Promise.reject(refused.error);
      if (cached && now() < cached.renewAt) return Promise.resolve(cached.token);
      if (!inFlight) {
        inFlight = requestToken().finally(() => {
          inFlight = null;
        });
      }
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = null;
    },
    markRefused,
    issuedCount: () => issued,
  };
}

export async function withToken<T>(tokens: TokenProvider, call: (token: string) => Promise<T>): Promise<T> {
  const token = await tokens.getToken();
  try {
    return await call(token);
  } catch (error) {
    if (!(error instanceof RegionApiError) || error.status !== 401) throw error;
    tokens.invalidate(token);
    log.info('token refused, renewing once');
    const fresh = await tokens.getToken();
    try {
      return await call(fresh);
    } catch (second) {
      if (second instanceof RegionApiError && second.status === 401) tokens.markRefused(second);
      throw second;
    }
  }
}
