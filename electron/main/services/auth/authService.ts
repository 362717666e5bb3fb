/**
 * Staff accounts and the workstation's session. One member is signed in at a time (a shared
 * school desk, like the OS session); the session lives here, in the services, so a renderer that
 * hides screens is never the control. The session locks after the administrator's idle delay
 * (10 min by default) or when the OS locks or suspends, and only the member's password unlocks it.
 */
import { randomUUID } from 'node:crypto';
import { type StaffRole } from '../../../../shared/ipc/access';
import {
  IDLE_LOCK_DEFAULT_SECONDS,
  IdleLockSettings,
  type SessionMember,
  type SessionState,
  type SessionView,
  type StaffAccount,
} from '../../../../shared/schemas/auth';
import { type z } from 'zod';
import {
  type FirstAdministrator,
  type NewStaffMember,
  type PasswordReset,
  type SignIn,
  type StaffUpdate,
  type Unlock,
} from '../../../../shared/schemas/auth';
import { type AuditLog } from '../audit/auditLog';
import { HandlerError } from '../ipc/errorToResult';
import { createLogger } from '../log/logger';
import { type AppDatabase } from '../store/openDatabase';
import { getSetting, setSetting } from '../store/settingsRepo';
import { type AuthClock, systemClock } from './authClock';
import { AUTH_MESSAGES } from './authMessages';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwordHashing';
import { createSignInThrottle, failureDelayMs } from './signInThrottle';
import { createStaffRepo, type StaffRow, toAccount } from './staffRepo';

const log = createLogger('auth.service');

export const IDLE_LOCK_SETTING = 'security.idleLock';

export type LockReason = 'idle' | 'os' | 'manual';

export interface CurrentSession {
  state: SessionState;
  member: SessionMember | null;
}

export interface AuthService {
  /** The session as the renderer sees it (applies the idle delay first). */
  view(): SessionView;
  /** For the dispatcher: the state and member now (applies the idle delay first). */
  current(): CurrentSession;
  setup(input: z.infer<typeof FirstAdministrator>): Promise<SessionView>;
  signIn(input: z.infer<typeof SignIn>): Promise<SessionView>;
  unlock(input: z.infer<typeof Unlock>): Promise<SessionView>;
  signOut(): SessionView;
  /** Locks an active session (idle delay, OS lock or suspend, the member's own button). */
  lock(reason: LockReason): SessionView;
  /** The member did something (throttled by the renderer): pushes the idle deadline back. */
  activity(): SessionView;
  /** Applies the idle delay without a call (a timer in the services runs it). */
  tick(): void;
  listStaff(): StaffAccount[];
  addStaff(input: z.infer<typeof NewStaffMember>): Promise<StaffAccount>;
  updateStaff(input: z.infer<typeof StaffUpdate>): StaffAccount;
  resetPassword(input: z.infer<typeof PasswordReset>): Promise<StaffAccount>;
  idleLock(): IdleLockSettings;
  setIdleLock(input: IdleLockSettings): IdleLockSettings;
}

interface Session {
  memberId: string;
  state: 'active' | 'locked';
  lastActivityMs: number;
}

function normaliseLogin(login: string): string {
  return login.trim().toLowerCase();
}

function member(row: StaffRow): SessionMember {
  return { id: row.id, login: row.login, displayName: row.display_name, role: row.role };
}

export function createAuthService(options: { db: AppDatabase; audit: AuditLog; clock?: AuthClock }): AuthService {
  const clock = options.clock ?? systemClock;
  const repo = createStaffRepo(options.db);
  const throttle = createSignInThrottle(options.db);
  const audit = options.audit;
  let session: Session | null = null;

  const idleLockSeconds = (): number =>
    getSetting(options.db, IDLE_LOCK_SETTING, IdleLockSettings)?.idleLockSeconds ?? IDLE_LOCK_DEFAULT_SECONDS;

  function lockNow(reason: LockReason): void {
    if (!session || session.state !== 'active') return;
    session.state = 'locked';
    audit.append({ actorId: session.memberId, action: 'auth.lock', detail: { reason } });
    log.info('session locked', { reason });
  }

  /** The session after the idle delay and the account's current state (disabled → signed out). */
  function current(): CurrentSession {
    if (!session) return { state: repo.count() === 0 ? 'setup' : 'signedOut', member: null };
    const row = repo.byId(session.memberId);
    if (!row || row.active !== 1) {
      // Disabled (or removed) while signed in: the session ends at once.
      audit.append({ actorId: session.memberId, action: 'auth.signOut', detail: { reason: 'disabled' } });
      session = null;
      return current();
    }
    if (session.state === 'active' && clock.now().getTime() - session.lastActivityMs >= idleLockSeconds() * 1000) {
      lockNow('idle');
    }
    return { state: session.state, member: member(row) };
  }

  function view(): SessionView {
    const now = current();
    return { ...now, idleLockSeconds: idleLockSeconds() };
  }

  function startSession(row: StaffRow): SessionView {
    const now = clock.now();
    session = { memberId: row.id, state: 'active', lastActivityMs: now.getTime() };
    repo.signedIn(row.id, now.toISOString());
    return view();
  }

  /** Refuses at once while the login is locked out; answers a failure after the schedule's delay. */
  async function checkPassword(
    login: string,
    row: StaffRow | undefined,
    password: string,
    failedAction: 'auth.signInFailed' | 'auth.unlockFailed',
    failedMessage: string,
  ): Promise<StaffRow> {
    const waitMs = throttle.waitMs(login, clock.now());
    if (waitMs > 0) {
      audit.append({
        actorId: row?.id ?? 'unknown',
        action: 'auth.signInRefused',
        detail: { waitSeconds: Math.ceil(waitMs / 1000) },
      });
      throw new HandlerError('RATE_LIMITED', AUTH_MESSAGES.tooMany(waitMs));
    }
    let matches = false;
    if (row && row.active === 1) matches = await verifyPassword(row.password_hash, password);
    else await verifyAgainstDummy(password);
    if (row && matches) {
      throttle.succeeded(login);
      return row;
    }
    const state = throttle.failed(login, clock.now());
    audit.append({ actorId: row?.id ?? 'unknown', action: failedAction, detail: { failures: state.failures } });
    log.warn('sign-in failed', { failures: state.failures, lockedOut: state.lockedUntil !== null });
    await clock.sleep(failureDelayMs(state.failures));
    if (state.lockedUntil) {
      throw new HandlerError(
        'RATE_LIMITED',
        AUTH_MESSAGES.tooMany(state.lockedUntil.getTime() - clock.now().getTime()),
      );
    }
    throw new HandlerError('UNAUTHORIZED', failedMessage);
  }

  function requireStaff(id: string): StaffRow {
    const row = repo.byId(id);
    if (!row) throw new HandlerError('NOT_FOUND', AUTH_MESSAGES.unknownStaff);
    return row;
  }

  function actorId(): string {
    return session?.memberId ?? 'system';
  }

  return {
    view,
    current,
    async setup(input) {
      if (repo.count() > 0) throw new HandlerError('FORBIDDEN', AUTH_MESSAGES.setupDone);
      const passwordHash = await hashPassword(input.password);
      const at = clock.now().toISOString();
      const row: StaffRow = {
        id: randomUUID(),
        login: input.login,
        display_name: input.displayName,
        role: 'administrator',
        password_hash: passwordHash,
        active: 1,
        created_at: at,
        updated_at: at,
        last_sign_in_at: null,
      };
      // Checked again inside the transaction: two first-run forms sent at once create one account.
      const created = options.db.sqlite.transaction(() => {
        if (repo.count() > 0) return false;
        repo.insert(row);
        return true;
      })();
      if (!created) throw new HandlerError('FORBIDDEN', AUTH_MESSAGES.setupDone);
      audit.append({ actorId: row.id, action: 'auth.setup', recordId: row.id });
      log.info('first administrator created');
      return startSession(row);
    },
    async signIn(input) {
      const login = normaliseLogin(input.login);
      const row = await checkPassword(
        login,
        repo.byLogin(login),
        input.password,
        'auth.signInFailed',
        AUTH_MESSAGES.badCredentials,
      );
      if (session && session.memberId !== row.id) {
        audit.append({ actorId: session.memberId, action: 'auth.signOut', detail: { reason: 'replaced' } });
      }
      const view = startSession(row);
      audit.append({ actorId: row.id, action: 'auth.signIn', detail: { role: row.role } });
      log.info('signed in', { role: row.role });
      return view;
    },
    async unlock(input) {
      const now = current();
      if (now.state !== 'locked' || !now.member || !session)
        throw new HandlerError('CONFLICT', AUTH_MESSAGES.notLocked);
      const lockedId = session.memberId;
      await checkPassword(
        now.member.login,
        repo.byId(lockedId),
        input.password,
        'auth.unlockFailed',
        AUTH_MESSAGES.badPassword,
      );
      // The session may have changed while the password was being checked (another member signed in).
      if (!session || session.memberId !== lockedId) throw new HandlerError('CONFLICT', AUTH_MESSAGES.notLocked);
      session.state = 'active';
      session.lastActivityMs = clock.now().getTime();
      audit.append({ actorId: lockedId, action: 'auth.unlock' });
      return view();
    },
    signOut() {
      if (session) {
        audit.append({ actorId: session.memberId, action: 'auth.signOut' });
        session = null;
      }
      return view();
    },
    lock(reason) {
      current();
      lockNow(reason);
      return view();
    },
    activity() {
      const now = current();
      if (now.state === 'active' && session) session.lastActivityMs = clock.now().getTime();
      return view();
    },
    tick() {
      if (session?.state === 'active') current();
    },
    listStaff: () => repo.list().map(toAccount),
    async addStaff(input) {
      if (repo.byLogin(input.login)) throw new HandlerError('CONFLICT', AUTH_MESSAGES.loginTaken);
      const passwordHash = await hashPassword(input.password);
      const at = clock.now().toISOString();
      const row: StaffRow = {
        id: randomUUID(),
        login: input.login,
        display_name: input.displayName,
        role: input.role,
        password_hash: passwordHash,
        active: 1,
        created_at: at,
        updated_at: at,
        last_sign_in_at: null,
      };
      try {
        repo.insert(row);
      } catch (error) {
        // The same login added twice at once: the UNIQUE constraint decides.
        if (repo.byLogin(input.login)) throw new HandlerError('CONFLICT', AUTH_MESSAGES.loginTaken);
        throw error;
      }
      log.info('staff member added', { role: row.role });
      return toAccount(row);
    },
    updateStaff(input) {
      const before = requireStaff(input.staffId);
      const demotes = input.role !== undefined && input.role !== 'administrator';
      const disables = input.active === false;
      if (
        before.role === 'administrator' &&
        before.active === 1 &&
        (demotes || disables) &&
        repo.activeAdministrators() <= 1
      ) {
        throw new HandlerError('CONFLICT', AUTH_MESSAGES.lastAdministrator);
      }
      const fields: { displayName?: string; role?: StaffRole; active?: boolean } = {};
      if (input.displayName !== undefined) fields.displayName = input.displayName;
      if (input.role !== undefined) fields.role = input.role;
      if (input.active !== undefined) fields.active = input.active;
      repo.update(input.staffId, fields, clock.now().toISOString());
      if (input.active === true) throttle.succeeded(before.login);
      return toAccount(requireStaff(input.staffId));
    },
    async resetPassword(input) {
      const row = requireStaff(input.staffId);
      repo.setPassword(row.id, await hashPassword(input.password), clock.now().toISOString());
      // A reset is also how an administrator lifts a lock-out.
      throttle.succeeded(row.login);
      log.info('staff password reset', { by: actorId() === 'system' ? 'system' : 'administrator' });
      return toAccount(requireStaff(row.id));
    },
    idleLock: () => ({ idleLockSeconds: idleLockSeconds() }),
    setIdleLock(input) {
      setSetting(options.db, IDLE_LOCK_SETTING, input);
      return { idleLockSeconds: idleLockSeconds() };
    },
  };
}
