/**
 * The headless host's protocol: `POST /api/<channel>` with the run's bearer token and
 * `{"input": …}`; the answer body is the contract's Result (also on 401).
 */
import { type Channel } from '../../shared/ipc/contract';
import { fr } from '../i18n/fr';
import { type RawSend, TransportError } from './validatedApi';

export function httpSend(token: string | null, baseUrl: string, fetchImpl: typeof fetch = fetch): RawSend {
  return async (channel: Channel, input: unknown) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetchImpl(new URL(`/api/${channel}`, baseUrl), {
      method: 'POST',
      headers,
      body: JSON.stringify(input === undefined ? {} : { input }),
      credentials: 'omit',
      cache: 'no-store',
    });
    if (response.status === 401) {
      throw new TransportError({ code: 'UNAUTHORIZED', message: fr.errors.unauthorized });
    }
    if (!response.ok) {
      console.warn(`[renderer.transport] ${channel} HTTP ${response.status}`);
      throw new TransportError({ code: 'UNAVAILABLE', message: fr.errors.unreachable });
    }
    try {
      return (await response.json()) as unknown;
    } catch {
      // Not JSON: let the Result parser reject it as a malformed answer.
      return undefined;
    }
  };
}
