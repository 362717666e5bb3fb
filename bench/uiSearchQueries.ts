/**
 * The searches the `ui` group types, taken from the demo store: name prefixes of 2–6 letters (some
 * with their accents, the same ones folded), file numbers and card numbers. They are typed in the
 * « Toutes » tab, the one where a card number finds its request (a card exists only past review).
 * Each comes with the services' own answer (total and first row), which the screen must show. A
 * query is kept only when its answer differs from the one of the text one key shorter: otherwise
 * the screen could look « done » before the last key's search ran, and the timing would lie.
 */
import { type QueueFilter } from '../shared/ipc/contract';
import { normalizeForSearch } from '../shared/text/normalizeForSearch';
import { type UiHost } from './uiHost';

export interface UiSearch {
  text: string;
  kind: 'name' | 'nameAccented' | 'fileNumber' | 'cardNumber';
  total: number;
  firstFileNumber: string | null;
}

export const UI_SEARCH_FILTER: QueueFilter = { view: 'all' };
const BASE = UI_SEARCH_FILTER;
const ACCENTED = /\P{ASCII}/u;

/** Deterministic pseudo-random picks (the bench must type the same searches every run). */
function* mulberry32(seed: number): Generator<number> {
  let a = seed >>> 0;
  for (;;) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    yield ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

async function answer(ui: UiHost, text: string): Promise<{ total: number; first: string | null }> {
  const page = await ui.call('requests:queue', { filter: { ...BASE, search: text }, offset: 0, limit: 1 });
  return { total: page.total, first: page.rows[0]?.fileNumber ?? null };
}

/** Name prefix of `length` letters, stopping at the first non-letter (hyphen, space, apostrophe). */
function namePrefix(name: string, length: number): string | null {
  const letters = /^\p{L}+/u.exec(name)?.[0] ?? '';
  return letters.length >= length ? letters.slice(0, length) : null;
}

export async function buildUiSearches(ui: UiHost, count: number): Promise<UiSearch[]> {
  const random = mulberry32(1);
  const next = () => random.next().value as number;
  const rows = [];
  for (let offset = 0; offset < 2_000; offset += 500) {
    rows.push(...(await ui.call('requests:queue', { filter: BASE, offset, limit: 500 })).rows);
  }
  const accentedRows = rows.filter((r) => ACCENTED.test(namePrefix(r.lastName, 6) ?? ''));
  const cardNumbers = ui
    .readOnlyDb()
    .prepare(
      `SELECT card_number AS cardNumber FROM requests
       WHERE card_number IS NOT NULL ORDER BY row_id LIMIT 200`,
    )
    .all() as { cardNumber: string }[];

  const candidates: Omit<UiSearch, 'total' | 'firstFileNumber'>[] = [];
  const quota = { name: Math.ceil(count * 0.4), nameAccented: Math.ceil(count * 0.2), fileNumber: 0, cardNumber: 0 };
  quota.fileNumber = Math.ceil((count - quota.name - quota.nameAccented) / 2);
  quota.cardNumber = count - quota.name - quota.nameAccented - quota.fileNumber;
  const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(next() * list.length)];

  // Over-generate: some are dropped by the « differs from one key shorter » rule.
  for (let i = 0; i < quota.name * 10; i++) {
    const row = pick(rows);
    const prefix = row ? namePrefix(normalizeForSearch(row.lastName), 2 + Math.floor(next() * 5)) : null;
    if (prefix) candidates.push({ text: prefix.toLowerCase(), kind: 'name' });
  }
  for (let i = 0; i < quota.nameAccented * 10; i++) {
    const row = pick(accentedRows);
    const prefix = row ? namePrefix(row.lastName, 6) : null;
    if (!prefix) continue;
    // Cut just after the first accented letter (at least 2 letters): the accent is in what is typed.
    const cut = Math.max(2, [...prefix].findIndex((c) => ACCENTED.test(c)) + 1);
    const accented = prefix.slice(0, cut);
    candidates.push({ text: accented, kind: 'nameAccented' });
    candidates.push({ text: normalizeForSearch(accented).toLowerCase(), kind: 'name' });
  }
  for (let i = 0; i < quota.fileNumber * 2; i++) {
    const row = pick(rows);
    if (row) candidates.push({ text: row.fileNumber, kind: 'fileNumber' });
  }
  for (let i = 0; i < quota.cardNumber * 2; i++) {
    const card = pick(cardNumbers);
    if (card) candidates.push({ text: card.cardNumber, kind: 'cardNumber' });
  }

  const taken = new Map<UiSearch['kind'], number>();
  const judged = new Map<string, Omit<UiSearch, 'text' | 'kind'> | null>();
  const searches: UiSearch[] = [];
  const chosen = new Set<string>();
  // A kind short of candidates (few accented names) leaves its share to the others in a second pass.
  for (const withQuota of [true, false]) {
    for (const candidate of candidates) {
      if (searches.length >= count) break;
      if (chosen.has(candidate.text)) continue;
      if (withQuota && (taken.get(candidate.kind) ?? 0) >= quota[candidate.kind]) continue;
      if (!judged.has(candidate.text)) {
        const full = await answer(ui, candidate.text);
        const shorter = await answer(ui, candidate.text.slice(0, -1));
        const distinct = full.total !== shorter.total || full.first !== shorter.first;
        judged.set(candidate.text, distinct ? { total: full.total, firstFileNumber: full.first } : null);
      }
      const verdict = judged.get(candidate.text);
      if (!verdict) continue;
      chosen.add(candidate.text);
      taken.set(candidate.kind, (taken.get(candidate.kind) ?? 0) + 1);
      searches.push({ ...candidate, ...verdict });
    }
  }
  // Interleave kinds so no stretch of the run measures one kind only.
  return searches
    .map((s, i) => ({ s, k: (i * 7919) % searches.length }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.s);
}
