/**
 * The store and the photo cache at rest: a real SQLite file (and its WAL) and real photo files,
 * grepped for seeded names and the JPEG magic; wrong, missing and clear-text cases refused with the
 * file untouched.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { photoPath, readPhoto, sha256Hex, storePhoto } from '../../electron/main/services/photos/photoStore';
import {
  openDatabase,
  openStoreConnection,
  StoreOpenError,
  type AppDatabase,
} from '../../electron/main/services/store/openDatabase';
import { TEST_STORE_KEY, makeTempDir, sha256File } from '../store/tempDir';
import { fakeJpeg, insertRequest } from './securityFixtures';

const NAMES = ['Quenouillard', 'Philomène', 'Zéphyrine', 'Vu avec'];
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
/** The plaintext photos' first 16 bytes (SOI and the JFIF segment header): never in a file at rest. */
const JPEG_HEADER = fakeJpeg('header').subarray(0, 16);

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.remove());

function containsAny(bytes: Buffer, needles: Buffer[]): string[] {
  return needles.filter((n) => bytes.includes(n)).map((n) => n.toString('utf8'));
}

const nameNeedles = NAMES.flatMap((n) => [Buffer.from(n, 'utf8'), Buffer.from(n.toLowerCase(), 'utf8')]);

async function seededStore(file: string, photosDir: string): Promise<{ db: AppDatabase; shas: string[] }> {
  const db = openDatabase({ file, key: TEST_STORE_KEY });
  const shas: string[] = [];
  for (let i = 0; i < 200; i++) {
    const photo = fakeJpeg(`Quenouillard ${i}`);
    const sha = sha256Hex(photo);
    shas.push(sha);
    insertRequest(db, { id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, photoSha: sha });
    await storePhoto(db, photosDir, { sha256: sha, contentType: 'image/jpeg', width: 600, height: 800 }, photo);
  }
  return { db, shas };
}

describe('encrypted store at rest', () => {
  it('keeps seeded names out of the database file, its WAL and the photo files (and no JPEG magic)', async () => {
    const file = path.join(tmp.dir, 'hdf.sqlite');
    const photosDir = path.join(tmp.dir, 'photos');
    const { db, shas } = await seededStore(file, photosDir);

    // While open, the recent writes sit in the WAL: it must be encrypted too.
    const wal = `${file}-wal`;
    expect(fs.existsSync(wal) && fs.statSync(wal).size > 0).toBe(true);
    expect(containsAny(fs.readFileSync(wal), nameNeedles)).toEqual([]);
    // The names are really there, readable with the key.
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM requests WHERE last_name = ?').get('Quenouillard')).toEqual({
      n: 200,
    });
    expect((await readPhoto(db, photosDir, shas[0]!))?.data.subarray(0, 3)).toEqual(JPEG_MAGIC);
    db.close();

    const raw = fs.readFileSync(file);
    expect(raw.length).toBeGreaterThan(50_000);
    expect(raw.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(containsAny(raw, nameNeedles)).toEqual([]);
    if (fs.existsSync(wal)) expect(containsAny(fs.readFileSync(wal), nameNeedles)).toEqual([]);

    const files = fs.readdirSync(photosDir);
    expect(files).toHaveLength(200);
    for (const name of files) {
      const bytes = fs.readFileSync(path.join(photosDir, name));
      expect(bytes.subarray(0, 3).equals(JPEG_MAGIC)).toBe(false);
      // Not the 3-byte magic anywhere: random ciphertext holds it by chance (≈ 1 run in 50 over 200 files).
      expect(bytes.includes(JPEG_HEADER)).toBe(false);
      expect(bytes.includes(Buffer.from('JFIF'))).toBe(false);
      expect(containsAny(bytes, nameNeedles)).toEqual([]);
      // Named by an HMAC, not by the photo's public hash.
      expect(shas).not.toContain(name);
    }
  });

  it('a clear-text SQLite handle cannot read the file at all', async () => {
    const file = path.join(tmp.dir, 'hdf.sqlite');
    const { db } = await seededStore(file, path.join(tmp.dir, 'photos'));
    db.close();
    const plain = new Database(file, { readonly: true });
    try {
      expect(() => plain.prepare('SELECT count(*) FROM requests').get()).toThrow(/not a database/);
    } finally {
      plain.close();
    }
  });

  it('refuses a wrong key in French (WRONG_KEY) and leaves the file untouched', async () => {
    const file = path.join(tmp.dir, 'hdf.sqlite');
    const { db } = await seededStore(file, path.join(tmp.dir, 'photos'));
    db.close();
    const before = sha256File(file);
    let caught: unknown;
    try {
      openDatabase({ file, key: crypto.randomBytes(32) });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StoreOpenError);
    expect((caught as StoreOpenError).code).toBe('WRONG_KEY');
    expect((caught as StoreOpenError).messageFr).toMatch(/clé de chiffrement .* ne correspond pas/);
    expect((caught as StoreOpenError).messageFr).toMatch(/fichier n'a pas été modifié/);
    expect(sha256File(file)).toBe(before);
    // The same store still opens with its key.
    const again = openDatabase({ file, key: TEST_STORE_KEY });
    expect(again.sqlite.prepare('SELECT count(*) AS n FROM requests').get()).toEqual({ n: 200 });
    again.close();
  });

  it('refuses a wrong key even without the key fingerprint beside the file (driver refusal, untouched)', async () => {
    const file = path.join(tmp.dir, 'hdf.sqlite');
    const { db } = await seededStore(file, path.join(tmp.dir, 'photos'));
    db.close();
    fs.rmSync(`${file}.keyid`);
    const before = sha256File(file);
    expect(() => openDatabase({ file, key: crypto.randomBytes(32) })).toThrow(StoreOpenError);
    expect(sha256File(file)).toBe(before);
  });

  it('refuses to open, or create, a store without a key (NO_KEY), touching nothing', () => {
    const file = path.join(tmp.dir, 'hdf.sqlite');
    for (const key of [undefined, Buffer.alloc(0), Buffer.alloc(16)]) {
      expect(() => openDatabase({ file, key: key as unknown as Buffer })).toThrow(
        expect.objectContaining({ code: 'NO_KEY', messageFr: expect.stringMatching(/clé de chiffrement/) }),
      );
    }
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses a clear-text store from elsewhere (UNENCRYPTED) and leaves it untouched', () => {
    const file = path.join(tmp.dir, 'plain.sqlite');
    const plain = new Database(file);
    plain.exec("CREATE TABLE t (x); INSERT INTO t VALUES ('Quenouillard');");
    plain.close();
    const before = sha256File(file);
    expect(() => openDatabase({ file, key: TEST_STORE_KEY })).toThrow(expect.objectContaining({ code: 'UNENCRYPTED' }));
    expect(sha256File(file)).toBe(before);
  });

  it('uses AEGIS-256 pages with a raw key (no KDF): opens in milliseconds', async () => {
    const file = path.join(tmp.dir, 'hdf.sqlite');
    const { db } = await seededStore(file, path.join(tmp.dir, 'photos'));
    db.close();
    const conn = openStoreConnection(file, TEST_STORE_KEY, { readonly: true });
    try {
      expect(conn.pragma('cipher', { simple: true })).toBe('aegis');
      expect(conn.pragma('algorithm', { simple: true })).toBe('aegis-256');
      const started = performance.now();
      expect(conn.prepare('SELECT count(*) AS n FROM requests').get()).toEqual({ n: 200 });
      // Argon2id at the scheme's default cost (19 MiB, 2 passes) alone costs tens of ms; a raw key needs none.
      expect(performance.now() - started).toBeLessThan(50);
    } finally {
      conn.close();
    }
  });

  it('a damaged page of a cleanly closed store is never read as data: the read fails, the open stays fast', async () => {
    const file = path.join(tmp.dir, 'hdf.sqlite');
    const { db } = await seededStore(file, path.join(tmp.dir, 'photos'));
    db.close();
    const bytes = fs.readFileSync(file);
    const middle = Math.floor(bytes.length / 4096 / 2) * 4096 + 1000;
    bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
    fs.writeFileSync(file, bytes);
    const opened = openDatabase({ file, key: TEST_STORE_KEY });
    try {
      // Reading every page (what any query touching it would do) fails on the damaged one.
      let outcome = 'read as data';
      try {
        const check = opened.sqlite.pragma('quick_check') as Array<{ quick_check: string }>;
        if (check[0]?.quick_check !== 'ok') outcome = 'reported';
      } catch (error) {
        outcome = String((error as { code?: unknown }).code);
      }
      expect(outcome).toMatch(/^(reported|SQLITE_CORRUPT|SQLITE_NOTADB)/);
    } finally {
      opened.close();
    }
  });

  it('after a crash (WAL left behind) the full check runs and refuses a damaged page, file untouched', async () => {
    const file = path.join(tmp.dir, 'hdf.sqlite');
    const { db } = await seededStore(file, path.join(tmp.dir, 'photos'));
    db.sqlite.pragma('wal_checkpoint(PASSIVE)');
    db.sqlite.prepare("INSERT INTO settings (key, value) VALUES ('after', '1')").run();
    // What a crash leaves: the main file and a WAL with frames, copied while the connection is open.
    const crashed = path.join(tmp.dir, 'crashed.sqlite');
    fs.copyFileSync(file, crashed);
    fs.copyFileSync(`${file}-wal`, `${crashed}-wal`);
    db.close();
    fs.copyFileSync(`${file}.keyid`, `${crashed}.keyid`);
    const bytes = fs.readFileSync(crashed);
    const middle = Math.floor(bytes.length / 4096 / 2) * 4096 + 1000;
    bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
    fs.writeFileSync(crashed, bytes);
    const before = sha256File(crashed);
    expect(() => openDatabase({ file: crashed, key: TEST_STORE_KEY })).toThrow(
      expect.objectContaining({ code: 'CORRUPT' }),
    );
    expect(sha256File(crashed)).toBe(before);
  });

  it('a photo file moved onto another photo name fails authentication and is discarded', async () => {
    const file = path.join(tmp.dir, 'hdf.sqlite');
    const photosDir = path.join(tmp.dir, 'photos');
    const { db, shas } = await seededStore(file, photosDir);
    const [a, b] = [shas[0]!, shas[1]!];
    fs.copyFileSync(photoPath(db, photosDir, a), photoPath(db, photosDir, b));
    expect(await readPhoto(db, photosDir, b)).toBeNull();
    expect(fs.existsSync(photoPath(db, photosDir, b))).toBe(false);
    expect(await readPhoto(db, photosDir, a)).not.toBeNull();
    db.close();
  });
});
