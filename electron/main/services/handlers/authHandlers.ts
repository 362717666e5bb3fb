/** Sign-in, unlock, lock, sign-out and the renderer's activity signal: the session lives in the auth service. */
import { type Handlers } from '../../../../shared/ipc/contract';
import { type AuthService } from '../auth/authService';

type AuthChannels =
  'auth:session' | 'auth:setup' | 'auth:signIn' | 'auth:unlock' | 'auth:signOut' | 'auth:lock' | 'auth:activity';

export function authHandlers(auth: AuthService): Pick<Handlers, AuthChannels> {
  return {
    'auth:session': () => auth.view(),
    'auth:setup': (input) => auth.setup(input),
    'auth:signIn': (input) => auth.signIn(input),
    'auth:unlock': (input) => auth.unlock(input),
    'auth:signOut': () => auth.signOut(),
    'auth:lock': () => auth.lock('manual'),
    'auth:activity': () => auth.activity(),
  };
}
