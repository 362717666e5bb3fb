/**
 * Staff accounts and the workstation's session: one signed-in member at a time, whose state lives
 * in the services (main process), never only in the renderer.
 */
import { z } from 'zod';
import { StaffRole } from '../ipc/access';
import { IsoDateTime, Uuid } from '../region-api/schemas';

export const PASSWORD_MIN_LENGTH = 12;
/** argon2 hashes anything, but a megabyte password is a denial of service, not a password. */
export const PASSWORD_MAX_LENGTH = 128;

/** What staff type to sign in: lower-case letters, digits and . _ - (e.g. `m.dupont`). */
export const StaffLogin = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{2,40}$/, { message: 'LOGIN_INVALID' });

export const Password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { message: 'PASSWORD_TOO_SHORT' })
  .max(PASSWORD_MAX_LENGTH, { message: 'PASSWORD_TOO_LONG' });

export const DisplayName = z.string().trim().min(1).max(100);

export const StaffAccount = z.object({
  id: Uuid,
  login: z.string(),
  displayName: z.string(),
  role: StaffRole,
  active: z.boolean(),
  createdAt: IsoDateTime,
  lastSignInAt: IsoDateTime.nullable(),
});
export type StaffAccount = z.infer<typeof StaffAccount>;

export const SessionMember = z.object({ id: Uuid, login: z.string(), displayName: z.string(), role: StaffRole });
export type SessionMember = z.infer<typeof SessionMember>;

/**
 * `setup`: no account yet (first run: create the administrator); `signedOut`; `active`;
 * `locked`: the member stays known but must type the password again.
 */
export const SessionState = z.enum(['setup', 'signedOut', 'active', 'locked']);
export type SessionState = z.infer<typeof SessionState>;

export const SessionView = z.object({
  state: SessionState,
  member: SessionMember.nullable(),
  idleLockSeconds: z.number().int(),
});
export type SessionView = z.infer<typeof SessionView>;

export const FirstAdministrator = z.strictObject({ login: StaffLogin, displayName: DisplayName, password: Password });
/** The password is not checked against the policy here: an old account may predate it. */
export const SignIn = z.strictObject({
  login: z.string().max(64),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export const Unlock = z.strictObject({ password: z.string().min(1).max(PASSWORD_MAX_LENGTH) });

export const NewStaffMember = z.strictObject({
  login: StaffLogin,
  displayName: DisplayName,
  role: StaffRole,
  password: Password,
});
export const StaffUpdate = z.strictObject({
  staffId: Uuid,
  displayName: DisplayName.optional(),
  role: StaffRole.optional(),
  active: z.boolean().optional(),
});
export const PasswordReset = z.strictObject({ staffId: Uuid, password: Password });
export const StaffList = z.object({ items: z.array(StaffAccount) });

export const IDLE_LOCK_DEFAULT_SECONDS = 600;
export const IDLE_LOCK_MIN_SECONDS = 10;
export const IDLE_LOCK_MAX_SECONDS = 4 * 3600;
export const IdleLockSettings = z.strictObject({
  idleLockSeconds: z.number().int().min(IDLE_LOCK_MIN_SECONDS).max(IDLE_LOCK_MAX_SECONDS),
});
export type IdleLockSettings = z.infer<typeof IdleLockSettings>;
