import type Database from 'better-sqlite3';
import { addressWarningBits, addressWarnings } from '../../../../../shared/domain/addressCompleteness';
import { type Migration } from './migration';

/**
 * The pre-validation queue: 20,000 requests paged, filtered and counted on every keystroke.
 *
 * `address_flags` keeps the address warnings of shared/domain/addressCompleteness.ts as a bit set, so
 * the « adresse incomplète » filter is an indexed column and not a JS rule run on every row of every
 * query. NULL means « not computed yet »: the feed writer does not know this rule, so new rows arrive
 * NULL and a trigger resets a row whose address changed; the queue fills NULL rows before it reads
 * (workspace/addressFlags.ts). The rule lives in JS only, so it can evolve without a migration.
 *
 * Indexes follow the queue's access paths: the toReview tab (status + local_state) and the
 * all-rows tab in submission order, the local-state tabs, and the name order.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'workspace_queue',
  up(db: Database.Database): void {
    db.exec(`
      ALTER TABLE requests ADD COLUMN address_flags INTEGER;
      CREATE INDEX requests_queue_status ON requests (status, local_state, submitted_at, row_id);
      CREATE INDEX requests_queue_submitted ON requests (submitted_at, row_id);
      CREATE INDEX requests_queue_local ON requests (local_state, submitted_at, row_id);
      CREATE INDEX requests_queue_name ON requests (search_last, search_first, row_id);
      CREATE INDEX requests_address_unknown ON requests (row_id) WHERE address_flags IS NULL;
      CREATE TRIGGER requests_address_changed
        AFTER UPDATE OF address_line1, address_line2, address_apartment, address_mailbox_name ON requests
        WHEN new.address_flags IS NOT NULL BEGIN
        UPDATE requests SET address_flags = NULL WHERE row_id = new.row_id;
      END;
    `);
    const rows = db
      .prepare('SELECT row_id, address_line1, address_line2, address_apartment, address_mailbox_name FROM requests')
      .all() as Array<{
      row_id: number;
      address_line1: string;
      address_line2: string | null;
      address_apartment: string | null;
      address_mailbox_name: string | null;
    }>;
    const update = db.prepare('UPDATE requests SET address_flags = ? WHERE row_id = ?');
    for (const r of rows) {
      const bits = addressWarningBits(
        addressWarnings({
          line1: r.address_line1,
          line2: r.address_line2,
          apartment: r.address_apartment,
          mailboxName: r.address_mailbox_name,
        }),
      );
      update.run(bits, r.row_id);
    }
  },
};
