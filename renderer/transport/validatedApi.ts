/**
 * Wraps a raw transport (the preload bridge or the host's HTTP endpoint) into the typed `Api`:
 * every input is checked against the contract before it leaves, every answer is parsed against
 * the contract when it arrives, so a malformed answer becomes a typed error instead of a crash.
 */
import { type Api, type Channel, type ChannelOutput, CHANNELS, contract } from '../../shared/ipc/contract';
import { type IpcError, type Result, resultSchema } from '../../shared/ipc/result';
import { fr } from '../i18n/fr';

/** Sends one call and resolves with the raw, untrusted answer; rejects only when nothing came back. */
export type RawSend = (channel: Channel, input: unknown) => Promise<unknown>;

/** Thrown by a RawSend to turn a transport failure into a specific typed error. */
export class TransportError extends Error {
  constructor(readonly ipcError: IpcError) {
    super(`[renderer.transport] ${ipcError.code}`);
  }
}

function failure(code: IpcError['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

export async function callChannel<C extends Channel>(
  send: RawSend,
  channel: C,
  input: unknown,
): Promise<Result<ChannelOutput<C>>> {
  const checkedInput = contract[channel].input.safeParse(input);
  if (!checkedInput.success) {
    return failure('INVALID_INPUT', fr.errors.invalidInput);
  }
  let raw: unknown;
  try {
    raw = await send(channel, checkedInput.data);
  } catch (error) {
    if (error instanceof TransportError) return { ok: false, error: error.ipcError };
    console.warn(`[renderer.transport] ${channel} unreachable`);
    return failure('UNAVAILABLE', fr.errors.unreachable);
  }
  const parsed = resultSchema(contract[channel].output).safeParse(raw);
  if (!parsed.success) {
    // Issue paths only: the payload itself may hold personal data.
    console.warn(
      `[renderer.transport] ${channel} malformed answer at ${parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`,
    );
    return failure('INTERNAL', fr.errors.invalidAnswer);
  }
  return parsed.data as Result<ChannelOutput<C>>;
}

export function validatedApi(send: RawSend): Api {
  const api: Partial<Record<Channel, (input?: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of CHANNELS) {
    api[channel] = (input?: unknown) => callChannel(send, channel, input);
  }
  // Every channel was filled in above from the contract's own list.
  return api as Api;
}
