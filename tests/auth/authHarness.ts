/** An auth service on a real (encrypted) store in a temp dir, with a clock the test moves by hand. */
import { join } from 'node:path';
import { createAuditLog, type AuditLogService } from '../../electron/main/services/audit/auditLog';
import { type AuthClock } from '../../electron/main/services/auth/authClock';
import { createAuthService, type AuthService } from '../../electron/main/services/auth/authService';
import { openDatabase, type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { makeTempDir, TEST_STORE_KEY } from '../store/tempDir';

export interface ManualClock extends AuthClock {
  advance(ms: number): void;
  /** Every delay the service asked to sleep, in order (it never really waits). */
  slept: number[];
}

export function manualClock(start = Date.parse('2026-09-03T08:00:00Z')): ManualClock {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => new Date(now),
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
    slept,
  };
}

export interface AuthHarness {
  db: AppDatabase;
  auth: AuthService;
  audit: AuditLogService;
  clock: ManualClock;
  close(): void;
}

export function authHarness(): AuthHarness {
  const tmp = makeTempDir();
  const db = openDatabase({ file: join(tmp.dir, 'auth.sqlite'), key: TEST_STORE_KEY });
  const clock = manualClock();
  const audit = createAuditLog({ db, now: clock.now });
  const auth = createAuthService({ db, audit, clock });
  return {
    db,
    auth,
    audit,
    clock,
    close() {
      db.close();
      tmp.remove();
    },
  };
}

export const ADMIN = { login: 'direction', displayName: 'Direction', password: 'mot-de-passe-admin-42' };
export const SECRETARY = {
  login: 'secretariat',
  displayName: 'Secrétariat',
  role: 'secretariat' as const,
  password: 'mot-de-passe-secr-42',
};
