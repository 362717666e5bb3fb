/**
 * The audit log's shapes: who (a staff account id, never a name), when, what action, on which
 * record (an id, never personal data), chained by hash so an edited or removed row shows.
 */
import { z } from 'zod';
import { IsoDateTime } from '../region-api/schemas';

export const AUDIT_ACTIONS = [
  'auth.setup',
  'auth.signIn',
  'auth.signInFailed',
  'auth.signInRefused',
  'auth.signOut',
  'auth.lock',
  'auth.unlock',
  'auth.unlockFailed',
  'decision.record',
  'decision.undo',
  'decision.resolve',
  'decision.approveBatch',
  'revalidation.record',
  'revalidation.undo',
  'revalidation.dismiss',
  'conflict.detected',
  'export.pendingDecisions',
  'export.audit',
  'export.revalidations',
  'export.other',
  'settings.update',
  'settings.idleLock',
  'staff.add',
  'staff.update',
  'staff.resetPassword',
  'purge.run',
] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

/** Ids and codes only: short values, so a name or an address has nowhere to hide. */
export const AuditDetail = z.record(
  z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,30}$/),
  z.union([z.string().max(80), z.number(), z.boolean()]),
);
export type AuditDetail = z.infer<typeof AuditDetail>;

/** `system`: the services themselves (sync, purge); `unknown`: a failed sign-in with an unknown login. */
export const AuditActor = z.string().max(64);

export const AuditEntry = z.object({
  seq: z.number().int().min(1),
  at: IsoDateTime,
  actorId: AuditActor,
  action: z.string(),
  recordId: z.string().nullable(),
  detail: AuditDetail.nullable(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditFilter = z.strictObject({
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  actorId: AuditActor.optional(),
  action: AuditAction.optional(),
  recordId: z.string().max(100).optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AuditQuery = z.strictObject({
  filter: AuditFilter,
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(500),
});
export const AuditPage = z.object({ total: z.number().int().min(0), rows: z.array(AuditEntry) });

export const AuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int().min(0),
  /** First row whose hash or link does not match (null when the chain holds). */
  brokenAtSeq: z.number().int().nullable(),
  problem: z.enum(['hash-mismatch', 'link-broken', 'row-missing']).nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

export const AuditExportQuery = z.strictObject({ filter: AuditFilter });
