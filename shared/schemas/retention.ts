/**
 * Retention of personal data (issue 7): the purge's settings and its report. A report carries
 * counts and record ids only, never a name: it is shown to the administrator and kept in the store.
 */
import { z } from 'zod';
import { IsoDateTime } from '../region-api/schemas';

export const RETENTION_DEFAULT_DELAY_DAYS = 30;

export const RetentionSettings = z.object({
  /** Days after the Region acknowledged the last decision on a request before it is purged. */
  delayDays: z.number().int().min(1).max(365),
});
export type RetentionSettings = z.infer<typeof RetentionSettings>;

export const PurgeTrigger = z.enum(['sync', 'manual']);
export type PurgeTrigger = z.infer<typeof PurgeTrigger>;

const IdCount = z.object({ count: z.number().int().min(0), ids: z.array(z.string()) });

export const PurgeReport = z.object({
  ranAt: IsoDateTime,
  trigger: PurgeTrigger,
  delayDays: z.number().int().min(1),
  /** The school year the card rule used (from /me, else the calendar). */
  schoolYear: z.string(),
  /** Requests whose decision was acknowledged more than `delayDays` ago: row, search keys and photo. */
  requests: IdCount,
  /** Cards not revalidated in the school year before `schoolYear`. */
  cards: IdCount,
  /** Photo files removed (those of purged requests and any no request references any more). */
  photos: z.object({ count: z.number().int().min(0) }),
  /** Records due for purge but kept because a decision on them is pending, in conflict or in error. */
  heldBack: IdCount,
});
export type PurgeReport = z.infer<typeof PurgeReport>;
