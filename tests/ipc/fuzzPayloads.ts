/**
 * Seeded random payloads for the IPC fuzz test: wrong types, huge strings, deep nesting, arrays,
 * null, prototype-pollution keys, unknown members, out-of-range numbers, and near-valid inputs with
 * one thing broken. The same seed always gives the same sequence, so a failure can be replayed.
 */
import { createPrng } from '../../region-sim/seed/prng';
import { type Channel } from '../../shared/ipc/contract';

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  const prng = createPrng(seed);
  return () => prng.next();
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'];
const ODD_NUMBERS = [
  -1,
  0,
  -0,
  1.5,
  201,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_SAFE_INTEGER - 2,
  Number.NaN,
  Number.POSITIVE_INFINITY,
];
const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "'; DROP TABLE requests; --",
  'http://evil.example',
  'javascript:alert(1)',
  '\ud800',
  'é'.repeat(50),
  '%00',
];

function randomString(rng: Rng): string {
  const roll = rng();
  if (roll < 0.35) return pick(rng, ODD_STRINGS);
  if (roll < 0.5) return 'x'.repeat(1000 + Math.floor(rng() * 200_000));
  const length = Math.floor(rng() * 40);
  let out = '';
  for (let i = 0; i < length; i += 1) out += String.fromCharCode(32 + Math.floor(rng() * 0x2fff));
  return out;
}

export function randomValue(rng: Rng, depth = 0): unknown {
  const roll = rng();
  if (depth > 4 || roll < 0.12) return pick(rng, [null, undefined, true, false]);
  if (roll < 0.3) return pick(rng, ODD_NUMBERS);
  if (roll < 0.5) return randomString(rng);
  if (roll < 0.65) {
    const length = Math.floor(rng() * 6);
    return Array.from({ length }, () => randomValue(rng, depth + 1));
  }
  if (roll < 0.72) return deepNest(rng, 200 + Math.floor(rng() * 2000));
  return randomObject(rng, depth + 1);
}

function deepNest(rng: Rng, depth: number): unknown {
  let value: unknown = rng() < 0.5 ? 'bottom' : 1;
  for (let i = 0; i < depth; i += 1) value = rng() < 0.5 ? [value] : { a: value };
  return value;
}

/** Objects built through JSON.parse so `__proto__` becomes an own member, as it would on the wire. */
function randomObject(rng: Rng, depth: number): Record<string, unknown> {
  const members: string[] = [];
  const count = Math.floor(rng() * 5);
  for (let i = 0; i < count; i += 1) {
    const key =
      rng() < 0.4 ? pick(rng, POLLUTION_KEYS) : rng() < 0.5 ? pick(rng, KNOWN_KEYS) : randomString(rng).slice(0, 30);
    members.push(`${JSON.stringify(key)}:${JSON.stringify(randomValue(rng, depth) ?? null)}`);
  }
  return JSON.parse(`{${members.join(',')}}`) as Record<string, unknown>;
}

const KNOWN_KEYS = [
  'query',
  'limit',
  'regionApiUrl',
  'clientId',
  'clientSecret',
  'input',
  'uai',
  'requestId',
  'revalidationId',
  'seenVersion',
  'decision',
  'photoVerdict',
  'reasonCodes',
  'decisionId',
  'action',
  'draft',
  'filter',
  'offset',
  'view',
  'search',
  'items',
  'selectedRequestId',
  'scrollOffset',
  'idleLockSeconds',
];

/** A valid input per channel, broken in one random way by `nearValid`. */
const VALID_BASE: Record<Channel, Record<string, unknown>> = {
  'app:info': {},
  'sync:status': {},
  'sync:checkConnection': {},
  'settings:get': {},
  'settings:update': { regionApiUrl: 'https://region.example/generation/v1', clientId: 'desk-01', clientSecret: 's' },
  'students:search': { query: 'dupont', limit: 10 },
  'store:stats': {},
  'sync:run': {},
  'decisions:record': {
    requestId: '6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b',
    seenVersion: 3,
    decision: 'REJECTED',
    photoVerdict: 'COMPLIANT',
    reasonCodes: ['NOT_ENROLLED'],
    comment: 'Élève inconnu',
  },
  'decisions:undo': { decisionId: '0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e' },
  'decisions:list': {},
  'decisions:problems': {},
  'decisions:resolve': { action: 'keep', decisionId: '0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e' },
  'decisions:exportPending': {},
  'decisions:approveBatch': { items: [{ requestId: '6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b', seenVersion: 2 }] },
  'requests:queue': {
    filter: { view: 'toReview', trainingType: 'LP', search: 'dupont', sort: 'submittedAsc' },
    offset: 0,
    limit: 100,
  },
  'requests:detail': { requestId: '6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b' },
  'photos:get': { requestId: '6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b' },
  'photos:checks': { requestId: '6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b' },
  'photos:checkStatus': {},
  'photos:flagged': { verdict: 'fail', limit: 50 },
  'reference:reasons': {},
  'reference:establishments': { query: 'lycée' },
  'workspace:getState': {},
  'workspace:setState': {
    filter: { view: 'all', submittedFrom: '2026-09-01', hasPhoto: true },
    selectedRequestId: null,
    scrollOffset: 240,
  },
  'auth:session': {},
  'auth:setup': { login: 'premier.admin', displayName: 'Admin', password: 'a-long-enough-password' },
  'auth:signIn': { login: 'someone', password: 'not-the-password' },
  'auth:unlock': { password: 'not-the-password' },
  'auth:signOut': {},
  'auth:lock': {},
  'auth:activity': {},
  'staff:list': {},
  'staff:add': { login: 'nouveau.membre', displayName: 'Nouveau', role: 'antenna', password: 'a-long-enough-password' },
  'staff:update': { staffId: '6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b', role: 'secretariat', active: false },
  'staff:resetPassword': { staffId: '6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b', password: 'a-long-enough-password' },
  'auth:getIdleLock': {},
  'auth:setIdleLock': { idleLockSeconds: 300 },
  'audit:list': { filter: { action: 'decision.record', from: '2026-09-01T00:00:00Z' }, offset: 0, limit: 50 },
  'audit:verify': {},
  'audit:export': { filter: { actorId: 'system' } },
  'retention:purge': {},
  'retention:report': {},
  'retention:settings': {},
  'retention:updateSettings': { delayDays: 30 },
  'cards:roster': { filter: { revalidated: 'no', status: 'ACTIVE', query: 'dupont' }, offset: 0, limit: 50 },
  'cards:select': { revalidated: 'no', classLabel: '2nde générale et technologique' },
  'cards:lookup': { text: '4000123400001234' },
  'cards:lookupRemote': { kind: 'CARD_NUMBER', value: '4000123400001234', birthDate: '2009-05-11' },
  'revalidations:record': { cardNumber: '4000123400001234', training: { type: 'LYCEE', classLabel: '1re générale' } },
  'revalidations:recordBatch': { cardNumbers: ['4000123400001234'], training: { type: 'LP' } },
  'revalidations:today': {},
  'revalidations:exportToday': {},
  'revalidations:problems': {},
  'revalidations:dismiss': { revalidationId: '3f2b8c1e-9d4a-4e6b-8f1a-2c3d4e5f6a7b' },
};

function nearValid(rng: Rng, channel: Channel): unknown {
  const base: Record<string, unknown> = JSON.parse(JSON.stringify(VALID_BASE[channel])) as Record<string, unknown>;
  const keys = Object.keys(base);
  const roll = rng();
  if (roll < 0.3 || keys.length === 0) {
    // Unknown member, possibly a pollution key (added as an own member, like JSON.parse would).
    Object.defineProperty(base, rng() < 0.5 ? pick(rng, POLLUTION_KEYS) : 'extra', {
      value: randomValue(rng, 2) ?? 1,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    return base;
  }
  const key = pick(rng, keys);
  if (roll < 0.55) base[key] = randomValue(rng, 3);
  else if (roll < 0.7) base[key] = pick(rng, ODD_NUMBERS);
  else if (roll < 0.85) base[key] = 'x'.repeat(501 + Math.floor(rng() * 5000));
  else if (channel === 'settings:update' && key === 'regionApiUrl') {
    base[key] = pick(rng, ['http://region.example', 'ftp://x', 'https://u:p@x.example', 'https://x.example/#f']);
  } else delete base[key];
  return base;
}

export function fuzzPayload(rng: Rng, channel: Channel): unknown {
  return rng() < 0.5 ? nearValid(rng, channel) : randomValue(rng);
}

/** Strings of the payload long enough that finding them in an answer means the input was echoed. */
export function distinctiveStrings(value: unknown, out: Set<string> = new Set(), depth = 0): Set<string> {
  if (depth > 50) return out;
  if (typeof value === 'string' && value.length >= 12 && /[^x]/.test(value.slice(0, 12))) out.add(value.slice(0, 12));
  else if (Array.isArray(value)) for (const item of value) distinctiveStrings(item, out, depth + 1);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.length >= 12 && !KNOWN_KEYS.includes(key)) out.add(key.slice(0, 12));
      distinctiveStrings(item, out, depth + 1);
    }
  }
  return out;
}
