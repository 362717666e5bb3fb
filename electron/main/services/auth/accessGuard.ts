/**
 * The dispatcher's gate: a channel's `access` (shared/ipc/access.ts) against the workstation's
 * session, checked before the input is even parsed; and, after a successful call of an audited
 * channel, its audit entries under the member who made it.
 */
import { roleMayCall } from '../../../../shared/ipc/access';
import { type Channel, contract } from '../../../../shared/ipc/contract';
import { type IpcError } from '../../../../shared/ipc/result';
import { type AuditLog } from '../audit/auditLog';
import { auditRecordsFor } from '../audit/auditedChannels';
import { type DispatchGuard } from '../ipc/dispatch';
import { createLogger } from '../log/logger';
import { AUTH_MESSAGES, ROLE_LABELS } from './authMessages';
import { type AuthService } from './authService';

const log = createLogger('auth.guard');

function refused(channel: Channel, error: IpcError): { ok: false; error: IpcError } {
  log.warn('call refused', { channel, code: error.code });
  return { ok: false, error };
}

export function createAccessGuard(auth: AuthService, audit: AuditLog): DispatchGuard {
  return {
    authorize(channel) {
      const access = contract[channel].access;
      const session = auth.current();
      const actorId = session.state === 'active' ? (session.member?.id ?? null) : null;
      if (access === 'public') return { ok: true, actorId };
      if (session.state === 'locked') return refused(channel, { code: 'LOCKED', message: AUTH_MESSAGES.locked });
      if (session.state !== 'active' || !session.member) {
        return refused(channel, { code: 'UNAUTHENTICATED', message: AUTH_MESSAGES.notSignedIn });
      }
      if (!roleMayCall(access, session.member.role)) {
        return refused(channel, {
          code: 'FORBIDDEN',
          message: AUTH_MESSAGES.forbidden(ROLE_LABELS[session.member.role]),
        });
      }
      return { ok: true, actorId: session.member.id };
    },
    succeeded(channel, input, output, actorId) {
      for (const record of auditRecordsFor(channel, input, output)) {
        audit.append({ actorId: actorId ?? 'system', ...record });
      }
    },
  };
}
