import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ActiveRequest, Card, RequestTombstone } from '../../../shared/region-api/schemas';
import { compileAcceptor, fastSafeParser } from '../../../shared/validation/fastSafeParse';
import { generateDataset } from '../../../region-sim/seed/generateDataset';

/** Both answers, with members compared in order (the store keeps JSON.stringify of parsed values). */
function expectSameAnswer(schema: z.ZodType, input: unknown): void {
  const fromZod = schema.safeParse(input);
  const fast = fastSafeParser(schema)(input);
  expect(fast.success).toBe(fromZod.success);
  if (fromZod.success && fast.success) {
    expect(fast.data).toStrictEqual(fromZod.data);
    expect(orderedKeys(fast.data)).toEqual(orderedKeys(fromZod.data));
  } else if (!fromZod.success && !fast.success) {
    expect(fast.error.issues).toEqual(fromZod.error.issues);
  }
}

/** Every object's member names in order, depth first, so that an order change shows. */
function orderedKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(orderedKeys);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, member]) => [key, ...orderedKeys(member)]);
}

const accepts = (schema: z.ZodType, input: unknown): boolean | null => {
  const accept = compileAcceptor(schema);
  if (accept === null) return null;
  return typeof accept(input) !== 'symbol';
};

describe('fastSafeParser on small schemas (table of cases, each against zod itself)', () => {
  const cases: Array<[string, z.ZodType, unknown[]]> = [
    ['string bounds', z.string().min(2).max(4), ['ab', 'abcd', 'a', 'abcde', '😀', '😀😀', 'a😀', '😀😀😀', 3, null]],
    ['min 1 on one char', z.string().min(1), ['', 'a', '😀', '\ud800']],
    ['regex', z.string().regex(/^[A-Z]{2}$/), ['FR', 'fr', 'FRA', '', 1]],
    ['global regex keeps no state', z.string().regex(/^a+$/g), ['aa', 'aa', 'b', 'aaa']],
    ['formats', z.email().max(254), ['a@b.fr', 'a..b@c.fr', 'x', `${'a'.repeat(250)}@b.fr`]],
    ['uuid', z.uuid(), ['123e4567-e89b-12d3-a456-426614174000', '123e4567-e89b-02d3-a456-426614174000', 'x']],
    ['datetime', z.iso.datetime({ offset: true }), ['2026-09-01T08:00:00Z', '2026-09-01T08:00:00+02:00', '2026-13-01']],
    ['date', z.iso.date(), ['2026-02-28', '2026-02-30', '26-02-28']],
    [
      'int in bounds',
      z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
      [1, 0, 1.5, Number.MAX_SAFE_INTEGER, 2 ** 60, NaN, Infinity, '1'],
    ],
    ['exclusive bounds', z.number().gt(0).lt(1), [0, 0.5, 1, -1]],
    ['boolean', z.boolean(), [true, false, 0, 'true']],
    ['enum', z.enum(['A', 'B']), ['A', 'C', undefined]],
    ['literal', z.literal('Bearer'), ['Bearer', 'bearer']],
    ['unknown', z.unknown(), [undefined, null, { a: 1 }]],
    ['nullable', z.string().nullable(), [null, 'x', undefined, 1]],
    ['optional', z.string().optional(), [undefined, 'x', null]],
    [
      'default',
      z
        .string()
        .regex(/^[A-Z]{2}$/)
        .default('FR'),
      [undefined, 'BE', 'be', null],
    ],
    ['array', z.array(z.string().max(2)).min(1).max(2), [['a'], [], ['a', 'b', 'c'], ['abc'], 'a', [undefined]]],
    [
      'refine',
      z.array(z.string()).refine((codes) => new Set(codes).size === codes.length, { message: 'unique' }),
      [['a', 'b'], ['a', 'a'], []],
    ],
    ['overwrite check', z.string().trim().max(3), ['  ab  ', 'abcd', ' abcd ']],
    [
      'object members',
      z.object({
        a: z.string(),
        b: z.string().optional(),
        c: z.string().default('c'),
        d: z.number().nullable(),
      }),
      [
        { a: 'x', d: null },
        { a: 'x', b: 'y', c: 'z', d: 1, extra: true },
        { a: 'x', b: undefined, d: 2 },
        { a: 'x', c: undefined, d: 3 },
        { a: 'x', b: 1, d: 1 },
        { d: 1 },
        { a: 'x' },
        { a: undefined, d: 1 },
        [],
        null,
        'x',
        Object.create({ a: 'inherited', d: 1 }) as unknown,
      ],
    ],
    ['unknown member (required all the same)', z.object({ a: z.unknown() }), [{}, { a: undefined }, { a: 1 }]],
    [
      'optional and nullable together',
      z.object({ a: z.string().nullable().optional(), b: z.string().optional().nullable() }),
      [{}, { a: null, b: null }, { a: undefined, b: undefined }, { a: 1 }, { b: 'x' }],
    ],
    [
      'default around an optional',
      z.object({ a: z.string().optional().default('x') }),
      [{}, { a: undefined }, { a: 'y' }, { a: 1 }],
    ],
    [
      'object refine',
      z.object({ from: z.number(), to: z.number() }).refine((range) => range.from <= range.to),
      [
        { from: 1, to: 2 },
        { from: 2, to: 1 },
      ],
    ],
  ];
  for (const [name, schema, inputs] of cases) {
    it(`${name}: compiled, and the same answer as zod for every input`, () => {
      expect(compileAcceptor(schema)).not.toBeNull();
      for (const input of inputs) expectSameAnswer(schema, input);
    });
  }

  it('accepts only when zod accepts, and leaves to zod what it cannot decide cheaply', () => {
    // Two units but one code point: the fast path does not count code points, zod decides.
    expect(accepts(z.string().min(2), '😀')).toBe(false);
    expect(z.string().min(2).safeParse('😀').success).toBe(false);
    // Four units, two code points: too long for the fast path, fine for zod; the answer is zod's.
    expect(accepts(z.string().max(2), '😀😀')).toBe(false);
    expect(fastSafeParser(z.string().max(2))('😀😀').success).toBe(true);
  });

  it('leaves unsupported schemas to zod entirely, with zod’s answers', () => {
    const unsupported: Array<[z.ZodType, unknown]> = [
      [z.union([z.string(), z.number()]), 1],
      [z.strictObject({ a: z.string() }), { a: 'x', b: 1 }],
      [z.looseObject({ a: z.string() }), { a: 'x', b: 1 }],
      [z.string().transform((s) => s.length), 'abc'],
      [z.coerce.number(), '12'],
      [z.discriminatedUnion('k', [z.object({ k: z.literal('a') })]), { k: 'a' }],
      [z.object({ inner: z.tuple([z.string()]) }), { inner: ['x'] }],
      [z.object({ a: z.string().default('x').optional() }), {}],
    ];
    for (const [schema, input] of unsupported) {
      expect(compileAcceptor(schema)).toBeNull();
      expectSameAnswer(schema, input);
    }
  });
});

describe('fastSafeParser on the feed items (generated against zod)', () => {
  const dataset = generateDataset({ requests: 400, seed: 5 });
  const tombstones = dataset.requests.slice(0, 50).map((r, i) => ({
    id: r.id,
    fileNumber: r.fileNumber,
    version: r.version + 1,
    status: i % 2 === 0 ? 'WITHDRAWN' : 'TRANSFERRED',
    updatedAt: r.updatedAt,
    ...(i % 2 === 1 ? { transferredToUai: r.establishmentUai } : {}),
  }));
  const feeds: Array<[string, z.ZodType, unknown[]]> = [
    ['ActiveRequest', ActiveRequest, dataset.requests],
    ['Card', Card, dataset.cards],
    ['RequestTombstone', RequestTombstone, tombstones],
  ];

  it('compiles every feed item schema (else a first sync would silently run at zod’s pace)', () => {
    for (const [, schema] of feeds) expect(compileAcceptor(schema)).not.toBeNull();
  });

  it('accepts every valid generated item on the fast path, with zod’s exact output', () => {
    for (const [, schema, items] of feeds) {
      for (const item of items) {
        expect(accepts(schema, item)).toBe(true);
        expectSameAnswer(schema, item);
      }
    }
  });

  /** A value put somewhere in an item: near the edges of the schema's rules, and of every type. */
  const oddValue = fc.oneof(
    fc.constantFrom(null, undefined, '', ' ', 0, -1, 1.5, NaN, Infinity, true, false, [], {}, 'FR', 'fr', '😀'),
    fc.string({ maxLength: 70 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.integer(),
    fc.double(),
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('2026-09-01T08:00:00Z', '2026-02-30', '0590001A', '123e4567-e89b-12d3-a456-426614174000'),
    fc.nat(120).map((n) => 'a'.repeat(n)),
  );

  /** Every path to a member (objects and arrays), so a mutation can hit any depth. */
  function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
    if (typeof value !== 'object' || value === null) return [];
    const entries: Array<[string | number, unknown]> = Array.isArray(value)
      ? value.map((member, index) => [index, member])
      : Object.entries(value);
    return entries.flatMap(([key, member]) => [[...prefix, key], ...paths(member, [...prefix, key])]);
  }

  function mutate(
    item: unknown,
    path: Array<string | number>,
    kind: 'set' | 'delete' | 'extra',
    odd: unknown,
  ): unknown {
    const copy = structuredClone(item) as Record<string | number, unknown>;
    let parent = copy;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = path.at(-1) as string | number;
    if (kind === 'delete') delete parent[last];
    else if (kind === 'extra' && typeof parent[last] === 'object' && parent[last] !== null) {
      (parent[last] as Record<string, unknown>).unexpected = odd;
    } else parent[last] = odd;
    return copy;
  }

  for (const [name, schema, items] of feeds) {
    it(`${name}: the same answer as zod on mutated items (fast-check; a failing seed replays)`, () => {
      fc.assert(
        fc.property(
          fc.nat(items.length - 1),
          fc.nat(),
          fc.constantFrom('set', 'delete', 'extra' as const),
          oddValue,
          (index, pick, kind, odd) => {
            const item = items[index];
            const all = paths(item);
            const path = all[pick % all.length] as Array<string | number>;
            expectSameAnswer(schema, mutate(item, path, kind, odd));
          },
        ),
        { numRuns: 3_000 },
      );
    });
  }

  it('the same answer as zod on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        for (const [, schema] of feeds) expectSameAnswer(schema, value);
      }),
      { numRuns: 500 },
    );
  });
});
