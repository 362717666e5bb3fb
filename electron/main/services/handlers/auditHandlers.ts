/** The administrator's audit viewer: filtered pages, chain verification, CSV export. */
import { type Handlers } from '../../../../shared/ipc/contract';
import { auditCsv } from '../audit/auditCsv';
import { type AuditLogService } from '../audit/auditLog';

export function auditHandlers(
  audit: AuditLogService,
  now: () => Date = () => new Date(),
): Pick<Handlers, 'audit:list' | 'audit:verify' | 'audit:export'> {
  return {
    'audit:list': (input) => audit.list(input.filter, input.offset, input.limit),
    'audit:verify': () => audit.verify(),
    'audit:export': (input) => {
      const rows = audit.all(input.filter);
      return {
        fileName: `journal-audit-${now().toISOString().slice(0, 10)}.csv`,
        content: auditCsv(rows),
        rows: rows.length,
      };
    },
  };
}
