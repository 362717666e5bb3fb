/**
 * Keeps `requests.address_flags` (migration 0004) filled: the feed writer stores rows without it
 * and a trigger clears it when an address changes, so the queue computes the missing ones before it
 * reads. After a full pull that is every row once (~20 ms for 20,000); afterwards, only the few rows
 * a delta changed.
 */
import { addressWarningBits, addressWarnings } from '../../../../shared/domain/addressCompleteness';
import { type AppDatabase } from '../store/openDatabase';
import { statementCache } from '../store/statementCache';

interface AddressRow {
  rowId: number;
  line1: string;
  line2: string | null;
  apartment: string | null;
  mailboxName: string | null;
}

const BATCH = 5_000;

const statements = statementCache((sqlite) => ({
  unknown: sqlite.prepare<[number], AddressRow>(
    `SELECT row_id AS rowId, address_line1 AS line1, address_line2 AS line2, address_apartment AS apartment,
       address_mailbox_name AS mailboxName
     FROM requests WHERE address_flags IS NULL LIMIT ?`,
  ),
  set: sqlite.prepare<[number, number]>('UPDATE requests SET address_flags = ? WHERE row_id = ?'),
}));

/** Computes the flags of rows that have none; returns how many were filled. */
export function fillAddressFlags(db: AppDatabase): number {
  const s = statements(db);
  let filled = 0;
  for (;;) {
    const rows = s.unknown.all(BATCH);
    if (rows.length === 0) return filled;
    db.sqlite.transaction(() => {
      for (const row of rows) s.set.run(addressWarningBits(addressWarnings(row)), row.rowId);
    })();
    filled += rows.length;
  }
}
