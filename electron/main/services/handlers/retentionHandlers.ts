/** The administrator's retention controls: the delay, a purge on demand, the last report. */
import { type Handlers } from '../../../../shared/ipc/contract';
import { type RetentionService } from '../retention/retentionService';

export function retentionHandlers(
  retention: RetentionService,
  /** The signed-in member's account id, for the audit log (`system` when none). */
  actorId: () => string,
): Pick<Handlers, 'retention:purge' | 'retention:report' | 'retention:settings' | 'retention:updateSettings'> {
  return {
    'retention:purge': () => retention.purge('manual', actorId()),
    'retention:report': () => retention.lastReport(),
    'retention:settings': () => retention.settings(),
    'retention:updateSettings': (input) => retention.updateSettings(input, actorId()),
  };
}
