/**
 * Who may call a channel. Checked by the dispatcher in main (and so by the headless host too)
 * against the signed-in staff member's role: the renderer hiding a screen is not a control.
 */
import { z } from 'zod';

export const StaffRole = z.enum(['administrator', 'secretariat', 'antenna']);
export type StaffRole = z.infer<typeof StaffRole>;

/** `public`: callable before sign-in (app identity, sign-in itself). Otherwise the roles allowed. */
export type ChannelAccess = 'public' | readonly StaffRole[];

export const ANY_STAFF = ['administrator', 'secretariat', 'antenna'] as const satisfies readonly StaffRole[];
/** Pre-validation, photos, revalidation: the establishment's secretariat (and its administrator). */
export const SECRETARIAT = ['administrator', 'secretariat'] as const satisfies readonly StaffRole[];
/** Settings, staff accounts, purge, audit export. */
export const ADMINISTRATOR = ['administrator'] as const satisfies readonly StaffRole[];
export const PUBLIC = 'public' as const;

export function roleMayCall(access: ChannelAccess, role: StaffRole | null): boolean {
  if (access === 'public') return true;
  return role !== null && access.includes(role);
}
