/**
 * The simulator's own state in SQLite, so it survives within a run and tests can inspect it.
 * Objects are kept as JSON documents beside the few columns the routes query on.
 */
import Database from 'better-sqlite3';
import {
  type ActiveRequest,
  type Card,
  type Establishment,
  type RequestTombstone,
  type TimelineEntry,
} from '../../shared/region-api/schemas';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS establishments(uai TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS requests(
  id TEXT PRIMARY KEY,
  uai TEXT NOT NULL,
  status TEXT NOT NULL,
  version INTEGER NOT NULL,
  file_number TEXT NOT NULL UNIQUE,
  identity_key TEXT NOT NULL,
  antenna_id TEXT,
  former_uais TEXT NOT NULL DEFAULT '[]',
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_by_uai ON requests(uai, id);
CREATE INDEX IF NOT EXISTS requests_by_identity ON requests(identity_key);
CREATE TABLE IF NOT EXISTS timeline(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL,
  status TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  uai TEXT
);
CREATE INDEX IF NOT EXISTS timeline_by_request ON timeline(request_id, seq);
CREATE TABLE IF NOT EXISTS photos(id TEXT PRIMARY KEY, request_id TEXT NOT NULL, sha256 TEXT NOT NULL, content_type TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS photo_blobs(sha256 TEXT PRIMARY KEY, content_type TEXT NOT NULL, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS cards(card_number TEXT PRIMARY KEY, file_number TEXT NOT NULL, uai TEXT, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS cards_by_uai ON cards(uai, card_number);
CREATE INDEX IF NOT EXISTS cards_by_file ON cards(file_number);
CREATE TABLE IF NOT EXISTS changes(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  feed TEXT NOT NULL,
  uai TEXT NOT NULL,
  object_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  item TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_by_feed ON changes(feed, uai, seq);
CREATE INDEX IF NOT EXISTS changes_by_object ON changes(feed, object_id, seq);
CREATE TABLE IF NOT EXISTS decisions(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL,
  client_id TEXT,
  idempotency_key TEXT,
  decision TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_by_request ON decisions(request_id);
CREATE TABLE IF NOT EXISTS idempotency(
  client_id TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL,
  headers TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY(client_id, key)
);
`;

export type Feed = 'requests' | 'cards';

/** A request row: the live document plus what only the simulator knows. */
export interface RequestRow {
  request: ActiveRequest;
  /** WITHDRAWN is kept here; the document keeps the last live status. */
  status: ActiveRequest['status'] | 'WITHDRAWN';
  formerUais: string[];
  antennaId: string | null;
}

interface RequestDbRow {
  status: string;
  former_uais: string;
  antenna_id: string | null;
  data: string;
}

export interface StoredAnswer {
  fingerprint: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export function identityKey(lastName: string, firstName: string, birthDate: string): string {
  const fold = (s: string): string =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return `${fold(lastName)}|${fold(firstName)}|${birthDate}`;
}

export class SimStore {
  readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = OFF');
    this.db.exec(SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  // ---------- meta ----------
  getMeta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---------- establishments ----------
  insertEstablishments(items: Establishment[]): void {
    const stmt = this.db.prepare('INSERT OR REPLACE INTO establishments(uai, data) VALUES (?, ?)');
    for (const e of items) stmt.run(e.uai, JSON.stringify(e));
  }

  getEstablishment(uai: string): Establishment | undefined {
    const row = this.db.prepare('SELECT data FROM establishments WHERE uai = ?').get(uai) as
      { data: string } | undefined;
    return row ? (JSON.parse(row.data) as Establishment) : undefined;
  }

  listEstablishments(afterUai: string, limit: number): Establishment[] {
    const rows = this.db
      .prepare('SELECT data FROM establishments WHERE uai > ? ORDER BY uai LIMIT ?')
      .all(afterUai, limit) as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as Establishment);
  }

  // ---------- requests ----------
  private readonly insertRequestStmt = (): Database.Statement =>
    this.db.prepare(
      `INSERT INTO requests(id, uai, status, version, file_number, identity_key, antenna_id, former_uais, data)
       VALUES (@id, @uai, @status, @version, @fileNumber, @identityKey, @antennaId, @formerUais, @data)`,
    );

  insertRequest(row: RequestRow): void {
    this.insertRequestStmt().run(this.requestParams(row));
  }

  insertRequests(rows: RequestRow[]): void {
    const stmt = this.insertRequestStmt();
    const photo = this.db.prepare('INSERT INTO photos(id, request_id, sha256, content_type) VALUES (?, ?, ?, ?)');
    for (const row of rows) {
      stmt.run(this.requestParams(row));
      const p = row.request.photo;
      if (p) photo.run(p.id, row.request.id, p.sha256, p.contentType);
    }
  }

  private requestParams(row: RequestRow): Record<string, unknown> {
    const r = row.request;
    return {
      id: r.id,
      uai: r.establishmentUai,
      status: row.status,
      version: r.version,
      fileNumber: r.fileNumber,
      identityKey: identityKey(r.student.lastName, r.student.firstName, r.student.birthDate),
      antennaId: row.antennaId,
      formerUais: JSON.stringify(row.formerUais),
      data: JSON.stringify(r),
    };
  }

  updateRequest(row: RequestRow): void {
    const p = this.requestParams(row);
    this.db
      .prepare(
        `UPDATE requests SET uai = @uai, status = @status, version = @version, identity_key = @identityKey,
         antenna_id = @antennaId, former_uais = @formerUais, data = @data WHERE id = @id`,
      )
      .run(p);
  }

  getRequest(id: string): RequestRow | undefined {
    const row = this.db.prepare('SELECT status, former_uais, antenna_id, data FROM requests WHERE id = ?').get(id) as
      RequestDbRow | undefined;
    return row ? this.toRow(row) : undefined;
  }

  private toRow(row: RequestDbRow): RequestRow {
    return {
      request: JSON.parse(row.data) as ActiveRequest,
      status: row.status as RequestRow['status'],
      formerUais: JSON.parse(row.former_uais) as string[],
      antennaId: row.antenna_id,
    };
  }

  /** Live requests attached to a UAI, by id, for the full-resync pages. */
  listRequestsForUai(uai: string, afterId: string, limit: number): ActiveRequest[] {
    const rows = this.db
      .prepare(`SELECT data FROM requests WHERE uai = ? AND id > ? AND status != 'WITHDRAWN' ORDER BY id LIMIT ?`)
      .all(uai, afterId, limit) as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as ActiveRequest);
  }

  findLiveRequestByIdentity(key: string, schoolYear: string): ActiveRequest | undefined {
    const rows = this.db
      .prepare(`SELECT data FROM requests WHERE identity_key = ? AND status != 'WITHDRAWN'`)
      .all(key) as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as ActiveRequest).find((r) => r.schoolYear === schoolYear);
  }

  maxFileSequence(year: number): number {
    const row = this.db
      .prepare(`SELECT MAX(CAST(substr(file_number, 10) AS INTEGER)) AS seq FROM requests WHERE file_number LIKE ?`)
      .get(`HDF-${year}-%`) as { seq: number | null };
    return row.seq ?? 0;
  }

  // ---------- timeline ----------
  addTimeline(requestId: string, entry: TimelineEntry): void {
    this.db
      .prepare('INSERT INTO timeline(request_id, status, at, actor, uai) VALUES (?, ?, ?, ?, ?)')
      .run(requestId, entry.status, entry.at, entry.actor, entry.establishmentUai ?? null);
  }

  getTimeline(requestId: string): TimelineEntry[] {
    const rows = this.db
      .prepare('SELECT status, at, actor, uai FROM timeline WHERE request_id = ? ORDER BY seq')
      .all(requestId) as Array<{ status: string; at: string; actor: string; uai: string | null }>;
    return rows.map((r) => ({
      status: r.status as TimelineEntry['status'],
      at: r.at,
      actor: r.actor as TimelineEntry['actor'],
      ...(r.uai ? { establishmentUai: r.uai } : {}),
    }));
  }

  // ---------- photos ----------
  putPhotoBlob(sha256: string, contentType: string, data: Buffer): void {
    this.db
      .prepare('INSERT OR IGNORE INTO photo_blobs(sha256, content_type, data) VALUES (?, ?, ?)')
      .run(sha256, contentType, data);
  }

  addPhoto(id: string, requestId: string, sha256: string, contentType: string): void {
    this.db
      .prepare('INSERT INTO photos(id, request_id, sha256, content_type) VALUES (?, ?, ?, ?)')
      .run(id, requestId, sha256, contentType);
  }

  getPhoto(id: string): { requestId: string; sha256: string; contentType: string } | undefined {
    const row = this.db.prepare('SELECT request_id, sha256, content_type FROM photos WHERE id = ?').get(id) as
      { request_id: string; sha256: string; content_type: string } | undefined;
    return row ? { requestId: row.request_id, sha256: row.sha256, contentType: row.content_type } : undefined;
  }

  getPhotoBlob(sha256: string): Buffer | undefined {
    const row = this.db.prepare('SELECT data FROM photo_blobs WHERE sha256 = ?').get(sha256) as
      { data: Buffer } | undefined;
    return row?.data;
  }

  // ---------- cards ----------
  insertCards(cards: Card[]): void {
    const stmt = this.db.prepare('INSERT INTO cards(card_number, file_number, uai, data) VALUES (?, ?, ?, ?)');
    for (const c of cards) stmt.run(c.cardNumber, c.fileNumber, c.establishmentUai, JSON.stringify(c));
  }

  updateCard(card: Card): void {
    this.db
      .prepare('UPDATE cards SET uai = ?, data = ? WHERE card_number = ?')
      .run(card.establishmentUai, JSON.stringify(card), card.cardNumber);
  }

  getCard(cardNumber: string): Card | undefined {
    const row = this.db.prepare('SELECT data FROM cards WHERE card_number = ?').get(cardNumber) as
      { data: string } | undefined;
    return row ? (JSON.parse(row.data) as Card) : undefined;
  }

  getCardByFileNumber(fileNumber: string): Card | undefined {
    const row = this.db.prepare('SELECT data FROM cards WHERE file_number = ?').get(fileNumber) as
      { data: string } | undefined;
    return row ? (JSON.parse(row.data) as Card) : undefined;
  }

  listCardsForUai(uai: string, afterCardNumber: string, limit: number): Card[] {
    const rows = this.db
      .prepare('SELECT data FROM cards WHERE uai = ? AND card_number > ? ORDER BY card_number LIMIT ?')
      .all(uai, afterCardNumber, limit) as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as Card);
  }

  // ---------- change log ----------
  appendChange(
    feed: Feed,
    uai: string,
    objectId: string,
    version: number,
    item: ActiveRequest | RequestTombstone | Card,
  ): number {
    const info = this.db
      .prepare('INSERT INTO changes(feed, uai, object_id, version, item) VALUES (?, ?, ?, ?, ?)')
      .run(feed, uai, objectId, version, JSON.stringify(item));
    return Number(info.lastInsertRowid);
  }

  lastChangeSeq(): number {
    const row = this.db.prepare('SELECT MAX(seq) AS seq FROM changes').get() as { seq: number | null };
    return row.seq ?? 0;
  }

  listChanges(
    feed: Feed,
    uai: string,
    afterSeq: number,
    limit: number,
  ): Array<{ seq: number; objectId: string; item: unknown }> {
    const rows = this.db
      .prepare('SELECT seq, object_id, item FROM changes WHERE feed = ? AND uai = ? AND seq > ? ORDER BY seq LIMIT ?')
      .all(feed, uai, afterSeq, limit) as Array<{ seq: number; object_id: string; item: string }>;
    return rows.map((r) => ({ seq: r.seq, objectId: r.object_id, item: JSON.parse(r.item) as unknown }));
  }

  hasChangesAfter(feed: Feed, uai: string, afterSeq: number): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM changes WHERE feed = ? AND uai = ? AND seq > ? LIMIT 1')
        .get(feed, uai, afterSeq) !== undefined
    );
  }

  /** An older logged version of an object, for out-of-order fault injection. */
  olderChange(feed: Feed, uai: string, objectId: string, beforeSeq: number): unknown {
    const row = this.db
      .prepare(
        'SELECT item FROM changes WHERE feed = ? AND uai = ? AND object_id = ? AND seq < ? ORDER BY seq DESC LIMIT 1',
      )
      .get(feed, uai, objectId, beforeSeq) as { item: string } | undefined;
    return row ? (JSON.parse(row.item) as unknown) : undefined;
  }

  // ---------- decisions ----------
  recordDecision(requestId: string, clientId: string | null, key: string | null, decision: string, at: string): void {
    this.db
      .prepare('INSERT INTO decisions(request_id, client_id, idempotency_key, decision, at) VALUES (?, ?, ?, ?, ?)')
      .run(requestId, clientId, key, decision, at);
  }

  countDecisions(requestId: string): number {
    const row = this.db.prepare('SELECT COUNT(*) AS n FROM decisions WHERE request_id = ?').get(requestId) as {
      n: number;
    };
    return row.n;
  }

  // ---------- idempotency ----------
  getStoredAnswer(clientId: string, key: string): StoredAnswer | undefined {
    const row = this.db
      .prepare('SELECT fingerprint, status, headers, body FROM idempotency WHERE client_id = ? AND key = ?')
      .get(clientId, key) as { fingerprint: string; status: number; headers: string; body: string } | undefined;
    if (!row) return undefined;
    return {
      fingerprint: row.fingerprint,
      status: row.status,
      headers: JSON.parse(row.headers) as Record<string, string>,
      body: JSON.parse(row.body) as unknown,
    };
  }

  storeAnswer(clientId: string, key: string, answer: StoredAnswer, at: string): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO idempotency(client_id, key, fingerprint, status, headers, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        clientId,
        key,
        answer.fingerprint,
        answer.status,
        JSON.stringify(answer.headers),
        JSON.stringify(answer.body),
        at,
      );
  }
}
