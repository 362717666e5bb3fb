/**
 * The single entry point from a transport (Electron IPC or the headless host's HTTP API) into the
 * services: it checks the channel, checks who may call it (the guard: the channel's `access` against
 * the signed-in member), validates the input against the contract, runs the handler, validates its
 * output and has the guard audit the call — and always answers a `Result`: it never throws.
 */
import { contract, isChannel, type Channel, type Handlers } from '../../../../shared/ipc/contract';
import { fail, type IpcError, ok, type Result } from '../../../../shared/ipc/result';
import { createLogger } from '../log/logger';
import { errorClassName, errorToIpc, INTERNAL_MESSAGE } from './errorToResult';
import { invalidInputMessage } from './invalidInputMessage';

const log = createLogger('ipc.dispatch');

export type Dispatch = (channel: string, rawInput: unknown) => Promise<Result<unknown>>;

export type Authorization = { ok: true; actorId: string | null } | { ok: false; error: IpcError };

/** Who may call what (required: there is no unguarded dispatcher), and what is audited. */
export interface DispatchGuard {
  /** Checked before the input is parsed, so a refused caller learns nothing about the channel's input. */
  authorize(channel: Channel): Authorization;
  /** After a successful call; `actorId` is the member who was authorised for it. */
  succeeded(channel: Channel, input: unknown, output: unknown, actorId: string | null): void;
}

export function createDispatcher(handlers: Handlers, guard: DispatchGuard): Dispatch {
  return async (channel, rawInput) => {
    try {
      if (typeof channel !== 'string' || !isChannel(channel)) {
        return fail('UNKNOWN_CHANNEL', 'Cette opération n’existe pas dans cette version de l’application.');
      }
      return await run(handlers, guard, channel, rawInput);
    } catch (error) {
      // Only reachable if logging itself failed; the answer must still be a Result.
      void error;
      return fail('INTERNAL', INTERNAL_MESSAGE);
    }
  };
}

async function run(
  handlers: Handlers,
  guard: DispatchGuard,
  channel: Channel,
  rawInput: unknown,
): Promise<Result<unknown>> {
  const spec = contract[channel];
  const authorization = guard.authorize(channel);
  if (!authorization.ok) return { ok: false, error: authorization.error };
  let parsed;
  try {
    parsed = spec.input.safeParse(rawInput);
  } catch (error) {
    // A hostile object (throwing getter, revoked proxy) can make parsing itself throw.
    log.warn('input could not be inspected', { channel, errorClass: errorClassName(error) });
    return fail('INVALID_INPUT', 'Demande refusée : format de la demande incorrect.');
  }
  if (!parsed.success) return fail('INVALID_INPUT', invalidInputMessage(parsed.error));

  let value: unknown;
  try {
    const handler = handlers[channel] as (input: unknown) => unknown;
    value = await handler(parsed.data);
  } catch (error) {
    const ipcError = errorToIpc(error);
    log.error('handler failed', { channel, errorClass: errorClassName(error), code: ipcError.code });
    return { ok: false, error: ipcError };
  }

  // Output is parsed too: it strips anything a handler should not have returned (a secret, a
  // column added to a row) and catches drift between a handler and the contract.
  const output = spec.output.safeParse(value);
  if (!output.success) {
    log.error('handler output breaks the contract', { channel, issues: output.error.issues.length });
    return fail('INTERNAL', INTERNAL_MESSAGE);
  }
  try {
    guard.succeeded(channel, parsed.data, output.data, authorization.actorId);
  } catch (error) {
    // The action is done and recorded in its own table; a failed audit write is logged, not hidden.
    log.error('audit entry could not be written', { channel, errorClass: errorClassName(error) });
  }
  return ok(output.data);
}
