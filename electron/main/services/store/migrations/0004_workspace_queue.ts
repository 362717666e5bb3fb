import type Database from 'better-sqlite3';
import { addressWarningBits, addressWarnings } from '../../../../../shared/domain/addressCompleteness';
import { type Migration } from './migration';

/**
 * The pre-validation queue: 20,000 requests paged, filtered and counted on every keystroke.
 *
 * `address_flags` keeps the address warnings of shared/domain/addressCompleteness.ts as a bit set, so
 * the « adresse incomplète » filter is an indexed column and not a JS rule run on every row of every
 * query. The repositories compute it with every write; NULL means « not computed yet » (rows
 * written before this migration, or all rows after a later migration resets them when the rule
 * changes), and the queue fills NULL rows before it reads (workspace/addressFlags.ts).
 *
 * Indexes follow the queue's access paths: the toReview tab (status + local_state), the all-rows
 * tab in submission order, and the few rows with a local decision. Each index costs every feed
 * write: measured on a 20k pull, a full index on local_state and one on the name order took the
 * pull from 3.0 s to 5.2 s; the local-state one is partial (rows waiting on a decision) and name
 * order is sorted at query time.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'workspace_queue',
  up(db: Database.Database): void {
    db.exec(`
      ALTER TABLE requests ADD COLUMN address_flags INTEGER;
      CREATE INDEX requests_queue_status ON requests (status, local_state, submitted_at, row_id);
      CREATE INDEX requests_queue_submitted ON requests (submitted_at, row_id);
      CREATE INDEX requests_queue_local ON requests (local_state, submitted_at, row_id) WHERE local_state <> 'SYNCED';
      CREATE INDEX requests_address_unknown ON requests (row_id) WHERE address_flags IS NULL;
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
