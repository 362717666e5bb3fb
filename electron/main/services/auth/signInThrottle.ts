/**
 * How failed sign-ins are slowed down, per typed login (known or not, so the answer never tells
 * which logins exist): every failure is answered after a growing delay, and from the fifth
 * consecutive failure the login is locked out for a doubling period (30 s … 15 min). A success
 * resets the count. Counts are stored, so restarting the app does not reset them.
 */
import { type AppDatabase } from '../store/openDatabase';

export const LOCKOUT_AFTER_FAILURES = 5;
const FIRST_LOCKOUT_MS = 30_000;
const MAX_LOCKOUT_MS = 15 * 60_000;
const MAX_FAILURE_DELAY_MS = 4_000;

/** Delay before answering the `failures`-th consecutive failure: 250 ms, 500 ms, 1 s, 2 s, 4 s, 4 s… */
export function failureDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(250 * 2 ** (failures - 1), MAX_FAILURE_DELAY_MS);
}

/** Lock-out after the `failures`-th consecutive failure: none before the 5th, then 30 s, 1 min, 2 min… 15 min. */
export function lockoutMs(failures: number): number {
  if (failures < LOCKOUT_AFTER_FAILURES) return 0;
  return Math.min(FIRST_LOCKOUT_MS * 2 ** (failures - LOCKOUT_AFTER_FAILURES), MAX_LOCKOUT_MS);
}

export interface ThrottleState {
  failures: number;
  lockedUntil: Date | null;
}

export interface SignInThrottle {
  /** Milliseconds left before `login` may try again (0: it may). */
  waitMs(login: string, now: Date): number;
  /** Counts a failure; answers the new state (for the delay and the audit). */
  failed(login: string, now: Date): ThrottleState;
  succeeded(login: string): void;
}

interface Row {
  failures: number;
  locked_until: string | null;
}

export function createSignInThrottle(db: AppDatabase): SignInThrottle {
  const read = db.sqlite.prepare('SELECT failures, locked_until FROM sign_in_failures WHERE login = ?');
  const write = db.sqlite.prepare(
    `INSERT INTO sign_in_failures (login, failures, last_failed_at, locked_until) VALUES (?, ?, ?, ?)
     ON CONFLICT (login) DO UPDATE SET failures = excluded.failures, last_failed_at = excluded.last_failed_at,
       locked_until = excluded.locked_until`,
  );
  const clear = db.sqlite.prepare('DELETE FROM sign_in_failures WHERE login = ?');
  return {
    waitMs(login, now) {
      const row = read.get(login) as Row | undefined;
      if (!row?.locked_until) return 0;
      return Math.max(0, Date.parse(row.locked_until) - now.getTime());
    },
    failed(login, now) {
      const row = read.get(login) as Row | undefined;
      const failures = (row?.failures ?? 0) + 1;
      const lock = lockoutMs(failures);
      const lockedUntil = lock > 0 ? new Date(now.getTime() + lock) : null;
      write.run(login, failures, now.toISOString(), lockedUntil?.toISOString() ?? null);
      return { failures, lockedUntil };
    },
    succeeded(login) {
      clear.run(login);
    },
  };
}
