/**
 * Wraps the Api so any answer saying the session is locked or gone (an idle lock that happened
 * between two polls, another tab signing out) makes the gate re-read the session at once.
 */
import { type Api, CHANNELS } from '../../../shared/ipc/contract';
import { type Result } from '../../../shared/ipc/result';

const SESSION_CODES = new Set(['LOCKED', 'UNAUTHENTICATED']);

/** Window event the gate listens to: « read the session again now ». */
export const SESSION_CHECK_EVENT = 'hdf:session-check';

export function sessionAwareApi(
  api: Api,
  onSessionLost: () => void = () => window.dispatchEvent(new Event(SESSION_CHECK_EVENT)),
): Api {
  const wrapped: Partial<Record<string, (input?: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of CHANNELS) {
    const call = api[channel] as (input?: unknown) => Promise<Result<unknown>>;
    wrapped[channel] = async (input?: unknown) => {
      const result = await call(input);
      if (!result.ok && SESSION_CODES.has(result.error.code)) onSessionLost();
      return result;
    };
  }
  return wrapped as Api;
}
