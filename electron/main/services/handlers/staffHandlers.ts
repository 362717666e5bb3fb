/** The administrator's staff screen: accounts and the idle lock delay. */
import { type Handlers } from '../../../../shared/ipc/contract';
import { type AuthService } from '../auth/authService';

type StaffChannels =
  'staff:list' | 'staff:add' | 'staff:update' | 'staff:resetPassword' | 'auth:getIdleLock' | 'auth:setIdleLock';

export function staffHandlers(auth: AuthService): Pick<Handlers, StaffChannels> {
  return {
    'staff:list': () => ({ items: auth.listStaff() }),
    'staff:add': (input) => auth.addStaff(input),
    'staff:update': (input) => auth.updateStaff(input),
    'staff:resetPassword': (input) => auth.resetPassword(input),
    'auth:getIdleLock': () => auth.idleLock(),
    'auth:setIdleLock': (input) => auth.setIdleLock(input),
  };
}
