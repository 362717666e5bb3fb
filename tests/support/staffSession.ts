/**
 * Signs a member of staff in on a Services instance (or anything with its `dispatch`), creating the
 * accounts on first use through the same channels as the app: the first administrator through
 * `auth:setup`, the others through `staff:add`. For vitest; the e2e suite does the same over HTTP.
 */
import { type StaffRole } from '../../shared/ipc/access';
import { type Result } from '../../shared/ipc/result';

interface Dispatching {
  dispatch(channel: string, rawInput: unknown): Promise<Result<unknown>>;
}

/** One account per role; passwords long enough for the app's policy, used only by tests. */
export const TEST_STAFF: Record<StaffRole, { login: string; displayName: string; password: string }> = {
  administrator: { login: 'admin.test', displayName: 'Administrateur test', password: 'admin-password-1234' },
  secretariat: { login: 'secretariat.test', displayName: 'Secrétariat test', password: 'secretariat-password-1234' },
  antenna: { login: 'antenne.test', displayName: 'Antenne test', password: 'antenne-password-1234' },
};

export interface SignedInSession {
  state: string;
  member: { id: string; login: string; displayName: string; role: StaffRole } | null;
}

async function call<T>(services: Dispatching, channel: string, input?: unknown): Promise<T> {
  const result = await services.dispatch(channel, input);
  if (!result.ok)
    throw new Error(`[test.staffSession] ${channel} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** Creates the test accounts that do not exist yet (signing in as the administrator to do so). */
export async function ensureTestStaff(services: Dispatching): Promise<void> {
  const session = await call<SignedInSession>(services, 'auth:session');
  const admin = TEST_STAFF.administrator;
  if (session.state === 'setup') {
    await call(services, 'auth:setup', admin);
  } else {
    await call(services, 'auth:signIn', { login: admin.login, password: admin.password });
  }
  const { items } = await call<{ items: { login: string }[] }>(services, 'staff:list');
  for (const role of ['secretariat', 'antenna'] as const) {
    const wanted = TEST_STAFF[role];
    if (items.some((item) => item.login === wanted.login)) continue;
    await call(services, 'staff:add', { ...wanted, role });
  }
}

/** Signs `role`'s test account in (creating the accounts first if needed); the session is the workstation's. */
export async function signInAs(services: Dispatching, role: StaffRole): Promise<SignedInSession> {
  await ensureTestStaff(services);
  const account = TEST_STAFF[role];
  return call<SignedInSession>(services, 'auth:signIn', { login: account.login, password: account.password });
}

/** Signs whoever is signed in out. */
export async function signOut(services: Dispatching): Promise<void> {
  await call(services, 'auth:signOut');
}

/** The host's HTTP API as a `dispatch`, so `signInAs` works on a host running in another process. */
export function hostDispatcher(origin: string, token: string): Dispatching {
  return {
    async dispatch(channel, rawInput) {
      const response = await fetch(`${origin}/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(rawInput === undefined ? {} : { input: rawInput }),
      });
      return (await response.json()) as Result<unknown>;
    },
  };
}
