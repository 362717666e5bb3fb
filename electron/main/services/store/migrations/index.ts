import { migration0001 } from './0001_initial';
import { migration0002 } from './0002_student_search';
import { migration0003 } from './0003_sync_outbox';
import { migration0004 } from './0004_workspace_queue';
import { migration0005 } from './0005_revalidation';
import { migration0006 } from './0006_photo_checks';
import { migration0007 } from './0007_staff_security';
import { migration0008 } from './0008_retention';
import { migration0009 } from './0009_bulk_load';
import { migration0010 } from './0010_outbox_target_order';
import { migration0011 } from './0011_requests_id_index';
import { type Migration } from './migration';

export type { Migration } from './migration';

/** Every schema step, in order. Append only: a released migration is never edited or removed. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
];

export const LATEST_SCHEMA_VERSION: number = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
