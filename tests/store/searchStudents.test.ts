import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCards } from '../../electron/main/services/store/cardsRepo';
import { openDatabase, type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { upsertRequests } from '../../electron/main/services/store/requestsRepo';
import { searchStudents, searchStudentsTuned } from '../../electron/main/services/store/searchStudents';
import { type ActiveRequest, type Card } from '../../shared/region-api/schemas';
import { StudentSearchHit } from '../../shared/schemas/domain';
import { normalizeForSearch } from '../../shared/text/normalizeForSearch';
import { generateDataset } from '../../region-sim/seed/generateDataset';
import { TEST_STORE_KEY, makeTempDir } from './tempDir';

const dataset = generateDataset({ requests: 6_000, cards: 3_000, seed: 3 });

const named = (i: number, lastName: string, firstName: string, ine?: string): ActiveRequest => {
  const base = dataset.requests[i]!;
  return { ...base, student: { ...base.student, lastName, firstName, ine } };
};
const LEA = named(0, 'Martin', 'Léa', '123456789AB');
const JB = named(1, 'Quêteur', 'Jean-Baptiste');
const NDIAYE = named(2, "N'Diaye", 'Zoubida');
const LEA_CARD: Card = {
  ...dataset.cards[0]!,
  student: { ...dataset.cards[0]!.student, lastName: 'Martin', firstName: 'Léa' },
};

let tmp: ReturnType<typeof makeTempDir>;
let db: AppDatabase;
beforeAll(() => {
  tmp = makeTempDir();
  db = openDatabase({ key: TEST_STORE_KEY, file: path.join(tmp.dir, 'app.sqlite') });
  upsertRequests(db, [LEA, JB, NDIAYE, ...dataset.requests.slice(3)]);
  upsertCards(db, [LEA_CARD, ...dataset.cards.slice(1)]);
});
afterAll(() => {
  db.close();
  tmp.remove();
});

type Named = { lastName: string; firstName: string };
const allNamed: Named[] = [
  ...[LEA, JB, NDIAYE, ...dataset.requests.slice(3)].map((r) => r.student),
  ...[LEA_CARD, ...dataset.cards.slice(1)].map((c) => c.student),
];

/** The reference rule, written plainly: every query word is a prefix of a word of the names. */
function expectedCount(query: string): number {
  const words = normalizeForSearch(query).split(' ');
  return allNamed.filter((p) => {
    const nameWords = normalizeForSearch(`${p.lastName} ${p.firstName}`).split(' ');
    return words.every((w, i) =>
      w.length === 1 && i < words.length - 1 ? nameWords.includes(w) : nameWords.some((n) => n.startsWith(w)),
    );
  }).length;
}

const key = (h: StudentSearchHit) => `${normalizeForSearch(h.lastName)}\u0000${normalizeForSearch(h.firstName)}`;

describe('searchStudents', () => {
  it('returns nothing for an empty or blank query, or on an empty database', () => {
    expect(searchStudents(db, '')).toEqual([]);
    expect(searchStudents(db, '   ')).toEqual([]);
    expect(searchStudents(db, "'-")).toEqual([]);
    const empty = openDatabase({ key: TEST_STORE_KEY, file: path.join(tmp.dir, 'empty.sqlite') });
    expect(searchStudents(empty, 'martin')).toEqual([]);
    expect(searchStudents(empty, 'HDF-2026-0000001')).toEqual([]);
    empty.close();
  });

  it('finds names whatever the accents and case, requests and cards together', () => {
    for (const q of ['léa martin', 'LEA MARTIN', 'Lea Martin', 'martin lea']) {
      const hits = searchStudents(db, q, 200);
      expect(
        hits
          .slice(0, 2)
          .map((h) => [h.kind, h.id])
          .sort(),
      ).toEqual(
        [
          ['card', LEA_CARD.cardNumber],
          ['request', LEA.id],
        ].sort(),
      );
      for (const hit of hits) expect(StudentSearchHit.parse(hit)).toEqual(hit);
    }
  });

  it('matches word prefixes, including parts of hyphenated and apostrophe names', () => {
    expect(searchStudents(db, 'jean-bapt quet').map((h) => h.id)).toEqual([JB.id]);
    expect(searchStudents(db, 'quêt').map((h) => h.id)).toContain(JB.id);
    expect(searchStudents(db, "n'diaye zou").map((h) => h.id)).toEqual([NDIAYE.id]);
    expect(searchStudents(db, 'N’DIAYE ZOUBIDA').map((h) => h.id)).toEqual([NDIAYE.id]);
    expect(searchStudents(db, 'zzzzqx')).toEqual([]);
  });

  it.each([
    ['walking names in order', 0],
    ['sorting index hits', Number.POSITIVE_INFINITY],
  ])('returns exactly the matching people, exact names first then by last name (%s)', (_label, denseHits) => {
    for (const q of [
      'le',
      'ma',
      'mar',
      'lea',
      'é',
      'dup',
      'martin',
      'jean',
      'martin l',
      'n diaye',
      'de s',
      'léa martin',
    ]) {
      const expected = expectedCount(q);
      const hits = searchStudentsTuned(db, q, 200, { denseHits });
      expect(hits, q).toEqual(searchStudentsTuned(db, q, 200, { denseHits: denseHits === 0 ? Infinity : 0 }));
      expect(hits.length, q).toBe(Math.min(200, expected));
      const folded = normalizeForSearch(q);
      const isExact = (h: StudentSearchHit) => {
        const [l, f] = [normalizeForSearch(h.lastName), normalizeForSearch(h.firstName)];
        return l === folded || `${l} ${f}` === folded || `${f} ${l}` === folded;
      };
      const firstInexact = hits.findIndex((h) => !isExact(h));
      const rest = firstInexact === -1 ? [] : hits.slice(firstInexact);
      expect(
        rest.every((h) => !isExact(h)),
        q,
      ).toBe(true);
      const keys = rest.map(key);
      expect(keys, q).toEqual([...keys].sort());
    }
  });

  it('puts an exact last name before longer names that sort earlier', () => {
    const hits = searchStudents(db, 'martin', 200);
    const firstOther = hits.findIndex((h) => normalizeForSearch(h.lastName) !== 'martin');
    expect(firstOther === -1 || hits.slice(firstOther).every((h) => normalizeForSearch(h.lastName) !== 'martin')).toBe(
      true,
    );
  });

  it('finds a file number exactly, in any case', () => {
    const target = dataset.requests[10]!;
    const hits = searchStudents(db, target.fileNumber.toLowerCase());
    expect(hits.map((h) => [h.kind, h.id])).toContainEqual(['request', target.id]);
    expect(hits.every((h) => h.fileNumber === target.fileNumber)).toBe(true);
    const card = dataset.cards[5]!;
    expect(searchStudents(db, ` ${card.fileNumber} `).map((h) => [h.kind, h.id])).toContainEqual([
      'card',
      card.cardNumber,
    ]);
  });

  it('finds a card number typed with spaces or dashes, in cards and in requests that carry it', () => {
    const card = dataset.cards[7]!;
    const spaced = card.cardNumber.replace(/(\d{4})(?=\d)/g, '$1 ');
    expect(spaced).toContain(' ');
    const hits = searchStudents(db, spaced);
    expect(hits.map((h) => [h.kind, h.id])).toContainEqual(['card', card.cardNumber]);
    expect(hits.every((h) => h.cardNumber === card.cardNumber)).toBe(true);
    expect(searchStudents(db, card.cardNumber.slice(0, 4) + '-' + card.cardNumber.slice(4))).toEqual(hits);
    const withCard = dataset.requests.find((r) => r.cardNumber);
    if (withCard) {
      expect(searchStudents(db, withCard.cardNumber!).map((h) => h.id)).toContain(withCard.id);
    }
  });

  it('finds an INE exactly (and an 11-letter surname is still a name)', () => {
    expect(searchStudents(db, '123456789ab').map((h) => h.id)).toEqual([LEA.id]);
    expect(searchStudents(db, '123456789AC')).toEqual([]);
    const withIne = dataset.cards.find((c) => c.student.ine);
    if (withIne) expect(searchStudents(db, withIne.student.ine!).map((h) => h.id)).toContain(withIne.cardNumber);
    expect(searchStudents(db, 'Montgolfier')).toEqual([]);
  });

  it('caps the limit and survives hostile input', () => {
    expect(searchStudents(db, 'a', 10_000).length).toBeLessThanOrEqual(200);
    expect(searchStudents(db, 'ma', 0).length).toBe(1);
    for (const q of ['"', 'ma*', 'NEAR(a b)', "'; DROP TABLE requests; --", 'a OR b', 'x'.repeat(10_000)]) {
      expect(() => searchStudents(db, q)).not.toThrow();
    }
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM requests').get()).toEqual({ n: 6_000 });
  });
});
