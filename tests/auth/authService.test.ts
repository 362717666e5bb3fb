import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandlerError } from '../../electron/main/services/ipc/errorToResult';
import { hashPassword, verifyPassword } from '../../electron/main/services/auth/passwordHashing';
import { failureDelayMs, lockoutMs } from '../../electron/main/services/auth/signInThrottle';
import { setStderrLogging } from '../../electron/main/services/log/logger';
import { ADMIN, authHarness, type AuthHarness, SECRETARY } from './authHarness';

let h: AuthHarness;
beforeEach(() => {
  setStderrLogging(false);
  h = authHarness();
});
afterEach(() => {
  h.close();
  setStderrLogging(true);
});

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HandlerError) return { code: error.ipcCode, message: error.messageFr };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('password hashing', () => {
  it('hashes with argon2id and a random salt, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(a, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });

  it('never stores the password itself', async () => {
    await h.auth.setup(ADMIN);
    const rows = h.db.sqlite.prepare('SELECT * FROM staff').all();
    expect(JSON.stringify(rows)).not.toContain(ADMIN.password);
    const audit = h.db.sqlite.prepare('SELECT * FROM audit_log').all();
    expect(JSON.stringify(audit)).not.toContain(ADMIN.password);
    expect(JSON.stringify(audit)).not.toContain(ADMIN.displayName);
  });
});

describe('first run and sign-in', () => {
  it('creates the administrator once, signed in; a second setup is refused', async () => {
    expect(h.auth.view()).toMatchObject({ state: 'setup', member: null, idleLockSeconds: 600 });
    const view = await h.auth.setup(ADMIN);
    expect(view).toMatchObject({ state: 'active', member: { login: 'direction', role: 'administrator' } });
    expect((await refusal(h.auth.setup({ ...ADMIN, login: 'autre' }))).code).toBe('FORBIDDEN');
    expect(h.auth.listStaff()).toHaveLength(1);
  });

  it('signs in with the right password (login case-insensitive), refuses a wrong one, an unknown login and a disabled account alike', async () => {
    await h.auth.setup(ADMIN);
    const added = await h.auth.addStaff(SECRETARY);
    h.auth.signOut();
    expect(h.auth.view().state).toBe('signedOut');

    const wrong = await refusal(h.auth.signIn({ login: 'secretariat', password: 'nope-nope-nope' }));
    const unknown = await refusal(h.auth.signIn({ login: 'personne', password: 'nope-nope-nope' }));
    expect(wrong).toEqual({ code: 'UNAUTHORIZED', message: 'Identifiant ou mot de passe incorrect.' });
    expect(unknown).toEqual(wrong);

    const view = await h.auth.signIn({ login: ' SECRETARIAT ', password: SECRETARY.password });
    expect(view).toMatchObject({ state: 'active', member: { id: added.id, role: 'secretariat' } });

    await h.auth.signIn({ login: ADMIN.login, password: ADMIN.password });
    h.auth.updateStaff({ staffId: added.id, active: false });
    expect(await refusal(h.auth.signIn({ login: 'secretariat', password: SECRETARY.password }))).toEqual(wrong);
  });

  it('refuses a duplicate login and keeps at least one active administrator', async () => {
    const admin = (await h.auth.setup(ADMIN)).member!;
    expect((await refusal(h.auth.addStaff({ ...SECRETARY, login: 'direction' }))).code).toBe('CONFLICT');
    expect(() => h.auth.updateStaff({ staffId: admin.id, active: false })).toThrow(HandlerError);
    expect(() => h.auth.updateStaff({ staffId: admin.id, role: 'secretariat' })).toThrow(HandlerError);
    const second = await h.auth.addStaff({ ...SECRETARY, login: 'adjoint', role: 'administrator' });
    expect(h.auth.updateStaff({ staffId: admin.id, role: 'secretariat' }).role).toBe('secretariat');
    expect(() => h.auth.updateStaff({ staffId: second.id, active: false })).toThrow(HandlerError);
  });
});

describe('failed sign-ins are slowed down, then locked out (no real waiting)', () => {
  it('follows the schedule: growing delays, lock-out from the 5th failure, doubling up to 15 min', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(failureDelayMs)).toEqual([250, 500, 1000, 2000, 4000, 4000, 4000]);
    expect([4, 5, 6, 7, 10, 20].map(lockoutMs)).toEqual([0, 30_000, 60_000, 120_000, 900_000, 900_000]);
  });

  it('delays each failure, locks the login out after 5, refuses even the right password until the time is up', async () => {
    await h.auth.setup(ADMIN);
    await h.auth.addStaff(SECRETARY);
    h.auth.signOut();
    for (let i = 1; i <= 4; i++) {
      expect((await refusal(h.auth.signIn({ login: 'secretariat', password: `wrong-${i}` }))).code).toBe(
        'UNAUTHORIZED',
      );
    }
    expect(h.clock.slept).toEqual([250, 500, 1000, 2000]);
    const fifth = await refusal(h.auth.signIn({ login: 'secretariat', password: 'wrong-5' }));
    expect(fifth.code).toBe('RATE_LIMITED');
    expect(fifth.message).toContain('réessayez dans 26 s');

    // Locked out: the right password is refused at once, without a check nor a delay.
    const slept = h.clock.slept.length;
    expect((await refusal(h.auth.signIn({ login: 'secretariat', password: SECRETARY.password }))).code).toBe(
      'RATE_LIMITED',
    );
    expect(h.clock.slept.length).toBe(slept);
    // Another login is not affected.
    expect((await h.auth.signIn({ login: ADMIN.login, password: ADMIN.password })).state).toBe('active');

    h.clock.advance(30_000);
    // One more failure after the lock-out: the 6th, locked out for 1 min.
    const sixth = await refusal(h.auth.signIn({ login: 'secretariat', password: 'wrong-6' }));
    expect(sixth).toMatchObject({ code: 'RATE_LIMITED' });
    // 1 min from the failure, 4 s of which were spent answering it.
    expect(sixth.message).toContain('56 s');
    h.clock.advance(60_000);
    expect((await h.auth.signIn({ login: 'secretariat', password: SECRETARY.password })).state).toBe('active');
    // A success resets the count: the next failure is the first again.
    await refusal(h.auth.signIn({ login: 'secretariat', password: 'wrong-again' }));
    expect(h.clock.slept.at(-1)).toBe(250);
  });

  it('slows unknown logins the same way, and keeps the count across a restart (stored)', async () => {
    await h.auth.setup(ADMIN);
    for (let i = 0; i < 5; i++) await refusal(h.auth.signIn({ login: 'inconnu', password: 'whatever' }));
    const row = h.db.sqlite
      .prepare("SELECT failures, locked_until FROM sign_in_failures WHERE login = 'inconnu'")
      .get();
    expect(row).toMatchObject({ failures: 5 });
    expect((row as { locked_until: string }).locked_until).not.toBeNull();
  });

  it('lets an administrator lift a lock-out by resetting the password', async () => {
    await h.auth.setup(ADMIN);
    const member = await h.auth.addStaff(SECRETARY);
    for (let i = 0; i < 5; i++) await refusal(h.auth.signIn({ login: 'secretariat', password: 'wrong' }));
    await h.auth.signIn({ login: ADMIN.login, password: ADMIN.password });
    await h.auth.resetPassword({ staffId: member.id, password: 'un-nouveau-mot-de-passe' });
    expect((await h.auth.signIn({ login: 'secretariat', password: 'un-nouveau-mot-de-passe' })).state).toBe('active');
  });
});

describe('idle lock and unlock', () => {
  it('locks after the idle delay (10 min by default); activity pushes it back; unlocking needs the password', async () => {
    await h.auth.setup(ADMIN);
    h.clock.advance(9 * 60_000);
    expect(h.auth.activity().state).toBe('active');
    h.clock.advance(9 * 60_000);
    expect(h.auth.current().state).toBe('active');
    h.clock.advance(60_000);
    expect(h.auth.current()).toMatchObject({ state: 'locked', member: { login: 'direction' } });
    // Activity does not unlock.
    expect(h.auth.activity().state).toBe('locked');
    expect(await refusal(h.auth.unlock({ password: 'pas-le-bon' }))).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'Mot de passe incorrect.',
    });
    expect(h.auth.current().state).toBe('locked');
    expect((await h.auth.unlock({ password: ADMIN.password })).state).toBe('active');
  });

  it('uses the delay the administrator sets', async () => {
    await h.auth.setup(ADMIN);
    expect(h.auth.setIdleLock({ idleLockSeconds: 30 })).toEqual({ idleLockSeconds: 30 });
    h.clock.advance(29_000);
    h.auth.tick();
    expect(h.auth.current().state).toBe('active');
    h.clock.advance(1_000);
    h.auth.tick();
    expect(h.auth.view()).toMatchObject({ state: 'locked', idleLockSeconds: 30 });
  });

  it('locks at once on OS lock or suspend; another member may sign in instead of unlocking', async () => {
    await h.auth.setup(ADMIN);
    await h.auth.addStaff(SECRETARY);
    expect(h.auth.lock('os').state).toBe('locked');
    const view = await h.auth.signIn({ login: 'secretariat', password: SECRETARY.password });
    expect(view).toMatchObject({ state: 'active', member: { role: 'secretariat' } });
    expect((await refusal(h.auth.unlock({ password: SECRETARY.password }))).code).toBe('CONFLICT');
  });

  it('ends the session of a member disabled while signed in', async () => {
    await h.auth.setup(ADMIN);
    const member = await h.auth.addStaff(SECRETARY);
    await h.auth.signIn({ login: 'secretariat', password: SECRETARY.password });
    h.db.sqlite.prepare('UPDATE staff SET active = 0 WHERE id = ?').run(member.id);
    expect(h.auth.current()).toEqual({ state: 'signedOut', member: null });
  });

  it('audits sign-in, failure, lock, unlock and sign-out with account ids only', async () => {
    const admin = (await h.auth.setup(ADMIN)).member!;
    h.auth.lock('manual');
    await refusal(h.auth.unlock({ password: 'faux-mot-de-passe' }));
    await h.auth.unlock({ password: ADMIN.password });
    h.auth.signOut();
    await refusal(h.auth.signIn({ login: 'inconnu', password: 'x' }));
    await h.auth.signIn({ login: ADMIN.login, password: ADMIN.password });
    const entries = h.audit.all({}).map((e) => [e.actorId, e.action]);
    expect(entries).toEqual([
      [admin.id, 'auth.setup'],
      [admin.id, 'auth.lock'],
      [admin.id, 'auth.unlockFailed'],
      [admin.id, 'auth.unlock'],
      [admin.id, 'auth.signOut'],
      ['unknown', 'auth.signInFailed'],
      [admin.id, 'auth.signIn'],
    ]);
    expect(JSON.stringify(h.audit.all({}))).not.toMatch(/direction|Direction|inconnu/);
    expect(h.audit.verify().ok).toBe(true);
  });
});
