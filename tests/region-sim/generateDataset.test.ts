import { describe, expect, it } from 'vitest';
import { checkUai } from '../../shared/domain/uai';
import { ActiveRequest, Card, Establishment } from '../../shared/region-api/schemas';
import { generateDataset } from '../../region-sim/seed/generateDataset';

describe('generateDataset', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateDataset({ requests: 300, seed: 7 });
    const b = generateDataset({ requests: 300, seed: 7 });
    const c = generateDataset({ requests: 300, seed: 8 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('produces the requested sizes, with cards defaulting to about 40 % of requests', () => {
    const small = generateDataset({ requests: 10 });
    expect(small.requests).toHaveLength(10);
    expect(small.cards).toHaveLength(4);
    const custom = generateDataset({ requests: 20, cards: 33 });
    expect(custom.cards).toHaveLength(33);
  });

  it('generates 50,000 requests and 50,000 cards quickly, all parsing with the API schemas', () => {
    const started = performance.now();
    const big = generateDataset({ requests: 50_000, cards: 50_000, seed: 3 });
    const elapsed = performance.now() - started;
    expect(big.requests).toHaveLength(50_000);
    expect(big.cards).toHaveLength(50_000);
    expect(elapsed).toBeLessThan(2_000);

    for (const request of big.requests) ActiveRequest.parse(request);
    for (const card of big.cards) Card.parse(card);
    expect(new Set(big.requests.map((r) => r.id)).size).toBe(50_000);
    expect(new Set(big.requests.map((r) => r.fileNumber)).size).toBe(50_000);
    expect(new Set(big.cards.map((c) => c.cardNumber)).size).toBe(50_000);
  });

  it('builds a directory of valid UAIs with the demo cité scolaire as a lycée + LP pair on one site', () => {
    const { establishments, demoUais, requests } = generateDataset({ requests: 500, seed: 11 });
    expect(establishments.length).toBeGreaterThanOrEqual(140);
    for (const establishment of establishments) {
      Establishment.parse(establishment);
      expect(checkUai(establishment.uai)).toEqual({ valid: true, uai: establishment.uai });
    }
    expect(new Set(establishments.map((e) => e.uai)).size).toBe(establishments.length);
    expect(demoUais).toHaveLength(2);
    const [lycee, lp] = demoUais.map((uai) => establishments.find((e) => e.uai === uai));
    expect(lycee?.type).toBe('LYCEE');
    expect(lp?.type).toBe('LP');
    expect(lycee?.city).toBe(lp?.city);
    expect(lycee?.postalCode).toBe(lp?.postalCode);
    expect(requests.every((r) => demoUais.includes(r.establishmentUai))).toBe(true);
  });

  it("has the realism the app's screens are tested against", () => {
    const { requests, cards, demoUais } = generateDataset({ requests: 4_000, seed: 5 });
    const names = requests.flatMap((r) => [r.student.firstName, r.student.lastName]);
    expect(names.some((n) => /[éèëïç]/i.test(n))).toBe(true);
    expect(names.some((n) => n.includes('-'))).toBe(true);
    expect(names.some((n) => n.includes("'"))).toBe(true);

    const submitted = requests.filter((r) => r.status === 'SUBMITTED').length / requests.length;
    expect(submitted).toBeGreaterThan(0.6);
    expect(requests.filter((r) => r.status !== 'SUBMITTED').every((r) => r.prevalidation !== null)).toBe(true);

    const lyceeRequests = requests.filter((r) => r.establishmentUai === demoUais[0]);
    const misfiled = lyceeRequests.filter((r) => r.training.type === 'LP').length / lyceeRequests.length;
    expect(misfiled).toBeGreaterThan(0.02);
    expect(misfiled).toBeLessThan(0.1);

    const returning = requests.filter((r) => r.isReturningStudent).length / requests.length;
    expect(returning).toBeGreaterThan(0.08);
    expect(returning).toBeLessThan(0.2);

    const incomplete = requests.filter(
      (r) => /r[ée]sidence/i.test(`${r.address.line1} ${r.address.line2 ?? ''}`) && !r.address.apartment,
    );
    expect(incomplete.length).toBeGreaterThan(0);
    expect(requests.some((r) => r.address.mailboxName)).toBe(true);
    expect(requests.every((r) => /^(02|59|60|62|80)/.test(r.address.postalCode))).toBe(true);

    expect(new Set(cards.map((c) => c.status))).toEqual(new Set(['ACTIVE', 'EXPIRED', 'LOST', 'BLOCKED']));
    expect(cards.some((c) => c.establishmentUai === null || !demoUais.includes(c.establishmentUai))).toBe(true);
    expect(cards.some((c) => c.lastRevalidatedSchoolYear === '2026-2027')).toBe(true);
    expect(cards.filter((c) => c.lastRevalidatedSchoolYear === '2025-2026').length).toBeGreaterThan(cards.length / 2);
  });
});
