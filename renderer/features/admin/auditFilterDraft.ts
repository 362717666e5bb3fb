/** The audit viewer's filter fields (dates as typed in `<input type="date">`) → the contract's filter. */
import { AuditAction, type AuditFilter } from '../../../shared/schemas/audit';

export interface AuditFilterDraft {
  action: string;
  actorId: string;
  recordId: string;
  /** YYYY-MM-DD, local day. */
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilterDraft = { action: '', actorId: '', recordId: '', from: '', to: '' };

/** A local calendar day's first or last instant, as an ISO date-time with its offset. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function toAuditFilter(draft: AuditFilterDraft): AuditFilter {
  const filter: AuditFilter = {};
  const action = AuditAction.safeParse(draft.action);
  if (action.success) filter.action = action.data;
  if (draft.actorId) filter.actorId = draft.actorId;
  const record = draft.recordId.trim();
  if (record) filter.recordId = record.slice(0, 100);
  const from = dayBound(draft.from, false);
  const to = dayBound(draft.to, true);
  if (from) filter.from = from;
  if (to) filter.to = to;
  return filter;
}
