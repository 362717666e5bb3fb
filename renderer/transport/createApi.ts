/**
 * Picks the transport: in Electron the preload exposes `window.hdf`; elsewhere (the headless host
 * for tests and demos) the same calls go over HTTP with the run's token. Both are wrapped by
 * `validatedApi`, so the rest of the renderer never knows which one it talks to.
 */
import { type Api, BRIDGE_KEY, type Channel } from '../../shared/ipc/contract';
import { fr } from '../i18n/fr';
import { takeHostToken } from './hostToken';
import { httpSend } from './httpTransport';
import { type RawSend, TransportError, validatedApi } from './validatedApi';

type Bridge = Record<string, unknown>;

function findBridge(): Bridge | null {
  const candidate = (window as unknown as Record<string, unknown>)[BRIDGE_KEY];
  return candidate && typeof candidate === 'object' ? (candidate as Bridge) : null;
}

function bridgeSend(bridge: Bridge): RawSend {
  return async (channel: Channel, input: unknown) => {
    const fn = bridge[channel];
    if (typeof fn !== 'function') {
      throw new TransportError({ code: 'UNKNOWN_CHANNEL', message: fr.errors.codes.UNKNOWN_CHANNEL });
    }
    return (await (fn as (input: unknown) => Promise<unknown>)(input)) as unknown;
  };
}

export function createApi(): Api {
  const bridge = findBridge();
  if (bridge) return validatedApi(bridgeSend(bridge));
  if (window.location.protocol === 'http:' || window.location.protocol === 'https:') {
    const token = takeHostToken({ location: window.location, history: window.history, storage: window.sessionStorage });
    return validatedApi(httpSend(token, window.location.origin));
  }
  // file:// without a preload: nothing can answer, say so on every call.
  return validatedApi(() =>
    Promise.reject(new TransportError({ code: 'UNAVAILABLE', message: fr.errors.noTransport })),
  );
}
