/** Synthetic rows for the security tests: known, unusual names to grep for, ids only in reports. */
import { type AppDatabase } from '../../electron/main/services/store/openDatabase';

export interface RequestSeed {
  id: string;
  fileNumber?: string;
  status?: string;
  updatedAt?: string;
  lastName?: string;
  firstName?: string;
  photoSha?: string | null;
  cardNumber?: string | null;
}

export function insertRequest(db: AppDatabase, seed: RequestSeed): void {
  db.sqlite
    .prepare(
      `INSERT INTO requests (id, file_number, version, status, school_year, establishment_uai, channel, submitted_at,
         updated_at, last_name, first_name, birth_date, email, training_type, is_returning, address_line1,
         address_postal_code, address_city, address_country, received_at, photo_sha256, photo_content_type,
         card_number, search_last, search_first)
       VALUES (@id, @fileNumber, 1, @status, '2026-2027', '0590001F', 'ONLINE', '2026-09-01T08:00:00Z',
         @updatedAt, @lastName, @firstName, '2010-01-02', 'eleve@example.org', 'LYCEE', 0, '3 rue Zéphyrine',
         '59000', 'Lille', 'FR', '2026-09-01T08:00:00Z', @photoSha, 'image/jpeg', @cardNumber,
         lower(@lastName), lower(@firstName))`,
    )
    .run({
      id: seed.id,
      fileNumber: seed.fileNumber ?? `HDF-2026-${seed.id.slice(-7).padStart(7, '0')}`,
      status: seed.status ?? 'SUBMITTED',
      updatedAt: seed.updatedAt ?? '2026-09-01T08:00:00Z',
      lastName: seed.lastName ?? 'Quenouillard',
      firstName: seed.firstName ?? 'Philomène',
      photoSha: seed.photoSha ?? null,
      cardNumber: seed.cardNumber ?? null,
    });
}

export type OutboxState = 'PENDING' | 'SENDING' | 'ACKED' | 'CONFLICT' | 'ERROR' | 'DROPPED';

let outboxSeq = 0;

export function insertOutbox(
  db: AppDatabase,
  entry: {
    targetId: string;
    state: OutboxState;
    kind?: 'PREVALIDATION' | 'REVALIDATION';
    fileNumber?: string | null;
    finalAt?: string | null;
    updatedAt?: string;
    comment?: string;
  },
): string {
  outboxSeq += 1;
  const id = `outbox-${outboxSeq}`;
  db.sqlite
    .prepare(
      `INSERT INTO outbox (id, kind, target_id, idempotency_key, body, state, created_at, updated_at,
         decided_by_staff_id, file_number, final_at, seen_json)
       VALUES (?, ?, ?, ?, ?, ?, '2026-09-01T09:00:00Z', ?, 'secretariat', ?, ?, ?)`,
    )
    .run(
      id,
      entry.kind ?? 'PREVALIDATION',
      entry.targetId,
      `key-${outboxSeq}`,
      JSON.stringify({ decision: 'APPROVED', comment: entry.comment ?? 'Vu avec Philomène' }),
      entry.state,
      entry.updatedAt ?? '2026-09-01T09:00:00Z',
      entry.fileNumber ?? null,
      entry.finalAt ?? null,
      JSON.stringify({ lastName: 'Quenouillard' }),
    );
  return id;
}

export function insertCard(
  db: AppDatabase,
  card: { cardNumber: string; fileNumber?: string; lastYear: string | null; updatedAt?: string },
): void {
  db.sqlite
    .prepare(
      `INSERT INTO cards (card_number, file_number, version, status, last_name, first_name, birth_date,
         last_revalidated_school_year, wallet_active, updated_at, received_at)
       VALUES (?, ?, 1, 'ACTIVE', 'Quenouillard', 'Philomène', '2009-05-06', ?, 0, ?, '2026-09-01T08:00:00Z')`,
    )
    .run(
      card.cardNumber,
      card.fileNumber ?? `HDF-2024-${card.cardNumber.slice(-7)}`,
      card.lastYear,
      card.updatedAt ?? '2026-07-01T00:00:00Z',
    );
}

/** Bytes that look like a JPEG (magic, JFIF header) with a recognisable payload. */
export function fakeJpeg(label: string): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.from(`photo of ${label} `.repeat(50), 'utf8'),
    Buffer.from([0xff, 0xd9]),
  ]);
}
