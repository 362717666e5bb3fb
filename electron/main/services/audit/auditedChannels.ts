/**
 * Which successful calls the dispatcher writes to the audit log, and what it keeps of them: the
 * action and the record's id (a request, decision or account id), never names or free text.
 * Sign-in, unlock, lock and sign-out are written by the auth service itself (a failed sign-in is not
 * a successful call, and its actor is the account typed, not the session's).
 */
import { type z } from 'zod';
import { type Channel, type ChannelOutput, type Contract } from '../../../../shared/ipc/contract';
import { type AuditAction, type AuditDetail } from '../../../../shared/schemas/audit';

export interface AuditRecord {
  action: AuditAction;
  recordId?: string | null;
  detail?: AuditDetail;
}

type Extractor<C extends Channel> = (input: z.infer<Contract[C]['input']>, output: ChannelOutput<C>) => AuditRecord[];

export type AuditedChannels = { [C in Channel]?: Extractor<C> };

export const AUDITED_CHANNELS: AuditedChannels = {
  'decisions:record': (_input, out) => [
    { action: 'decision.record', recordId: out.requestId, detail: { decisionId: out.id, decision: out.decision } },
  ],
  'decisions:undo': (_input, out) => [
    { action: 'decision.undo', recordId: out.requestId, detail: { decisionId: out.id } },
  ],
  'decisions:resolve': (input, out) => [
    {
      action: 'decision.resolve',
      recordId: out.requestId,
      detail: { decisionId: input.decisionId, resolution: input.action, resultId: out.id },
    },
  ],
  'decisions:approveBatch': (_input, out) =>
    out.recorded.map((decision) => ({
      action: 'decision.approveBatch' as const,
      recordId: decision.requestId,
      detail: { decisionId: decision.id },
    })),
  'decisions:exportPending': (_input, out) => [{ action: 'export.pendingDecisions', detail: { rows: out.rows } }],
  'settings:update': (input) => [
    {
      action: 'settings.update',
      // Which values changed is enough; the secret's value never reaches the log.
      detail: { clientSecretChanged: input.clientSecret !== undefined },
    },
  ],
  'auth:setIdleLock': (input) => [{ action: 'settings.idleLock', detail: { idleLockSeconds: input.idleLockSeconds } }],
  'staff:add': (_input, out) => [{ action: 'staff.add', recordId: out.id, detail: { role: out.role } }],
  'staff:update': (input, out) => [
    {
      action: 'staff.update',
      recordId: out.id,
      detail: {
        role: out.role,
        active: out.active,
        displayNameChanged: input.displayName !== undefined,
      },
    },
  ],
  'staff:resetPassword': (_input, out) => [{ action: 'staff.resetPassword', recordId: out.id }],
  'audit:export': (_input, out) => [{ action: 'export.audit', detail: { rows: out.rows } }],
  // Revalidations: one entry per revalidation recorded (its id, not the card holder); a refused or
  // already-done attempt decided nothing.
  'revalidations:record': (_input, out) =>
    out.outcome === 'RECORDED' && out.revalidation
      ? [
          {
            action: 'revalidation.record',
            recordId: out.revalidation.id,
            detail: { schoolYear: out.revalidation.schoolYear },
          },
        ]
      : [],
  'revalidations:recordBatch': (_input, out) =>
    out.results.flatMap((result) =>
      result.outcome === 'RECORDED' && result.revalidation
        ? [
            {
              action: 'revalidation.record' as const,
              recordId: result.revalidation.id,
              detail: { schoolYear: result.revalidation.schoolYear, batch: true },
            },
          ]
        : [],
    ),
  'revalidations:exportToday': (_input, out) => [{ action: 'export.revalidations', detail: { rows: out.rows } }],
  'revalidations:dismiss': (_input, out) => [{ action: 'revalidation.dismiss', recordId: out.id }],
};

/** The records of one successful call (none for channels that are not audited). */
export function auditRecordsFor(channel: Channel, input: unknown, output: unknown): AuditRecord[] {
  const extract = AUDITED_CHANNELS[channel] as ((input: unknown, output: unknown) => AuditRecord[]) | undefined;
  return extract ? extract(input, output) : [];
}
