/**
 * A faster `schema.safeParse` for the zod schemas the sync engine checks by the ten thousand (feed
 * items), derived from the schema itself: the zod schema stays the one source of truth.
 *
 * Why: a first sync parses 20,000 requests and their cards one by one, and zod spends ~9 µs on each
 * request, mostly building a payload object per member and running each check through its generic
 * machinery — a quarter of the pull's time on the thread that answers the UI (bench sync group).
 * Here the schema's tree is walked once and turned into one straight-line JavaScript function.
 *
 * The compiled function only ever *accepts*: it returns the parsed value when every member passes
 * conditions that imply zod's own, and otherwise gives up, and `schema.safeParse` decides (with zod's
 * own issues for the error). So a doubt costs time, never a different answer. What it accepts must
 * equal what zod returns (members in the schema's order, unknown members stripped, defaults applied):
 * tests/unit/schemas/fastSafeParse.test.ts checks the two against each other on generated inputs.
 *
 * Supported: string, number, boolean, enum, literal, unknown, object (unknown members stripped),
 * array, nullable, optional, default, and any check (length, format and regex checks inline, others
 * such as `.refine` or `.int()` by calling zod's own check). Anything else (unions, pipes, transforms,
 * strict or loose objects, coercion…) makes the whole schema fall back to zod, as does a runtime
 * that forbids `new Function`.
 */
import { type z } from 'zod';

/** The zod 4 internals read here (`schema._zod`); typed loosely on purpose: only these are relied on. */
interface CheckPayload {
  value: unknown;
  issues: unknown[];
}
interface ZodInternals {
  def: {
    type: string;
    checks?: readonly SchemaLike[];
    coerce?: boolean;
    shape?: Record<string, SchemaLike>;
    catchall?: SchemaLike;
    element?: SchemaLike;
    innerType?: SchemaLike;
    check?: string;
    format?: string;
    pattern?: RegExp;
    minimum?: number;
    maximum?: number;
    value?: unknown;
    inclusive?: boolean;
    when?: (payload: CheckPayload) => boolean;
  };
  traits: Set<string>;
  values?: Set<unknown>;
  optin?: string;
  optout?: string;
  check?: (payload: CheckPayload) => unknown;
}
interface SchemaLike {
  _zod: ZodInternals;
}

/** Formats whose zod check is exactly `pattern.test(value)` (others, like url, run code of their own). */
const PATTERN_FORMATS = new Set(['regex', 'uuid', 'guid', 'email', 'date', 'datetime']);

class Unsupported extends Error {}

interface Emitter {
  refs: unknown[];
  names: number;
}

function ref(out: Emitter, value: unknown): string {
  out.refs.push(value);
  return `R[${out.refs.length - 1}]`;
}

function fresh(out: Emitter, stem: string): string {
  out.names += 1;
  return `${stem}${out.names}`;
}

/** The checks zod runs on a schema's value, in its order: the schema itself first if it is a check (formats). */
function checksOf(schema: SchemaLike): SchemaLike[] {
  const own = schema._zod.traits.has('$ZodCheck') ? [schema] : [];
  return [...own, ...(schema._zod.def.checks ?? [])];
}

/** Code that gives up unless `value` passes `check`; it may replace `value` (zod's overwrite checks). */
function emitCheck(out: Emitter, check: SchemaLike, value: string, kind: 'string' | 'array' | 'other'): string {
  const def = check._zod.def;
  if (def.check === 'max_length' && typeof def.maximum === 'number' && kind !== 'other') {
    // As many UTF-16 units or fewer means as many code points or fewer (what zod counts).
    return `if (${value}.length > ${def.maximum}) return FAIL;`;
  }
  if (def.check === 'min_length' && typeof def.minimum === 'number' && kind === 'array') {
    return `if (${value}.length < ${def.minimum}) return FAIL;`;
  }
  if (def.check === 'min_length' && typeof def.minimum === 'number' && kind === 'string') {
    // Twice the floor in units always holds the floor in code points; in between, zod's check counts.
    return `if (${value}.length < ${2 * def.minimum}) { ${generic(out, check, value)} }`;
  }
  if (
    def.check === 'string_format' &&
    kind === 'string' &&
    def.pattern instanceof RegExp &&
    PATTERN_FORMATS.has(def.format ?? '')
  ) {
    const pattern = ref(out, def.pattern);
    return `${pattern}.lastIndex = 0; if (!${pattern}.test(${value})) return FAIL;`;
  }
  if ((def.check === 'less_than' || def.check === 'greater_than') && typeof def.value === 'number') {
    const op = def.check === 'less_than' ? (def.inclusive ? '<=' : '<') : def.inclusive ? '>=' : '>';
    return `if (!(${value} ${op} ${String(def.value)})) return FAIL;`;
  }
  return generic(out, check, value);
}

/** Runs zod's own check on a payload of its own, as zod's runChecks would when nothing failed before. */
function generic(out: Emitter, check: SchemaLike, value: string): string {
  if (typeof check._zod.check !== 'function') throw new Unsupported('check without a check function');
  const c = ref(out, check._zod);
  const when = check._zod.def.when ? ref(out, check._zod.def.when) : null;
  const p = fresh(out, 'p');
  const run = `{ const r = ${c}.check(${p}); if (r !== undefined || ${p}.issues.length !== 0) return FAIL; ${value} = ${p}.value; }`;
  return `{ const ${p} = { value: ${value}, issues: [] }; ${when === null ? run : `if (${when}(${p})) ${run}`} }`;
}

function emitChecks(out: Emitter, schema: SchemaLike, value: string, kind: 'string' | 'array' | 'other'): string {
  return checksOf(schema)
    .map((check) => emitCheck(out, check, value, kind))
    .join('\n');
}

/**
 * Code that reads `input` and declares `let <result>` holding zod's output for it, or returns FAIL.
 * Returns the statements; `result` is the variable's name.
 */
function emit(out: Emitter, schema: SchemaLike, input: string, result: string): string {
  const zod = schema._zod;
  const def = zod.def;
  if (def.coerce === true) throw new Unsupported('coercion');
  switch (def.type) {
    case 'string':
      return `if (typeof ${input} !== 'string') return FAIL; let ${result} = ${input};\n${emitChecks(out, schema, result, 'string')}`;
    case 'number':
      return `if (typeof ${input} !== 'number' || !Number.isFinite(${input})) return FAIL; let ${result} = ${input};\n${emitChecks(out, schema, result, 'other')}`;
    case 'boolean':
      return `if (typeof ${input} !== 'boolean') return FAIL; let ${result} = ${input};\n${emitChecks(out, schema, result, 'other')}`;
    case 'enum':
    case 'literal': {
      if (!(zod.values instanceof Set)) throw new Unsupported('enum without values');
      return `if (!${ref(out, zod.values)}.has(${input})) return FAIL; let ${result} = ${input};\n${emitChecks(out, schema, result, 'other')}`;
    }
    case 'unknown':
    case 'any':
      return `let ${result} = ${input};\n${emitChecks(out, schema, result, 'other')}`;
    case 'nullable': {
      const inner = fresh(out, 'n');
      return `let ${result}; if (${input} === null) ${result} = null; else { ${emit(out, innerOf(schema), input, inner)}\n${result} = ${inner}; }\n${emitChecks(out, schema, result, 'other')}`;
    }
    case 'optional': {
      // `.exactOptional()` and an optional around a default substitute values: left to zod.
      if (zod.traits.has('$ZodExactOptional') || innerOf(schema)._zod.optin === 'defaulted') {
        throw new Unsupported('optional variant');
      }
      const inner = fresh(out, 'o');
      return `let ${result}; if (${input} !== undefined) { ${emit(out, innerOf(schema), input, inner)}\n${result} = ${inner}; }\n${emitChecks(out, schema, result, 'other')}`;
    }
    case 'default': {
      // `def.defaultValue` is a getter that hands out a fresh copy each time, as zod reads it.
      const d = ref(out, def);
      const inner = fresh(out, 'd');
      return `let ${result}; if (${input} === undefined) ${result} = ${d}.defaultValue; else { ${emit(out, innerOf(schema), input, inner)}\n${result} = ${inner} === undefined ? ${d}.defaultValue : ${inner}; }\n${emitChecks(out, schema, result, 'other')}`;
    }
    case 'array': {
      if (def.element === undefined) throw new Unsupported('array without element');
      const i = fresh(out, 'i');
      const element = fresh(out, 'e');
      const item = fresh(out, 'x');
      return `if (!Array.isArray(${input})) return FAIL; let ${result} = new Array(${input}.length);
for (let ${i} = 0; ${i} < ${input}.length; ${i}++) { const ${item} = ${input}[${i}]; ${emit(out, def.element, item, element)}\n${result}[${i}] = ${element}; }
${emitChecks(out, schema, result, 'array')}`;
    }
    case 'object':
      return emitObject(out, schema, input, result);
    default:
      throw new Unsupported(def.type);
  }
}

function innerOf(schema: SchemaLike): SchemaLike {
  const inner = schema._zod.def.innerType;
  if (inner === undefined) throw new Unsupported('wrapper without inner type');
  return inner;
}

/** Mirrors zod's object parser (schemas.js, `generateFastpass`) for objects that strip unknown members. */
function emitObject(out: Emitter, schema: SchemaLike, input: string, result: string): string {
  const { shape, catchall } = schema._zod.def;
  if (shape === undefined || catchall !== undefined) throw new Unsupported('strict or loose object');
  const lines = [
    `if (typeof ${input} !== 'object' || ${input} === null || Array.isArray(${input})) return FAIL;`,
    `let ${result} = {};`,
  ];
  for (const [key, member] of Object.entries(shape)) {
    if (key === '__proto__') throw new Unsupported('__proto__ member');
    const k = JSON.stringify(key);
    const value = fresh(out, 'm');
    const parsed = fresh(out, 'v');
    const { optin, optout } = member._zod;
    const body = emit(out, member, value, parsed);
    if (optin !== undefined && optout === 'optional') {
      // zod drops an absent optional member (and any failure on it); a present one is parsed and kept.
      if (optin !== 'optional') throw new Unsupported('optional member of another kind');
      lines.push(`if (${k} in ${input}) { const ${value} = ${input}[${k}]; ${body}\n${result}[${k}] = ${parsed}; }`);
    } else if (optin === undefined) {
      lines.push(
        `if (!(${k} in ${input})) return FAIL; { const ${value} = ${input}[${k}]; ${body}\n${result}[${k}] = ${parsed}; }`,
      );
    } else {
      const keep = optin === 'defaulted' ? 'true' : `${parsed} !== undefined || ${k} in ${input}`;
      lines.push(`{ const ${value} = ${input}[${k}]; ${body}\nif (${keep}) ${result}[${k}] = ${parsed}; }`);
    }
  }
  lines.push(emitChecks(out, schema, result, 'other'));
  return lines.join('\n');
}

const FAIL: unique symbol = Symbol('fastSafeParse.fail');

type Compiled = (input: unknown) => unknown;

/** The accept-only function for `schema`, or null when the schema (or the runtime) is not supported. */
export function compileAcceptor(schema: z.ZodType): Compiled | null {
  const out: Emitter = { refs: [], names: 0 };
  let body: string;
  try {
    body = `${emit(out, schema as unknown as SchemaLike, 'input', 'output')}\nreturn output;`;
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
  try {
    // The code is generated from the schema's own definition above, never from data.
    const factory = new Function('R', 'FAIL', `return function accept(input) {\n${body}\n};`) as (
      refs: unknown[],
      fail: symbol,
    ) => Compiled;
    return factory(out.refs, FAIL);
  } catch {
    return null; // a runtime that forbids `new Function` (a strict CSP): zod alone
  }
}

/**
 * `schema.safeParse`, answered by the compiled function when it accepts the input and by zod itself
 * otherwise. Same results as `schema.safeParse` for every input.
 */
export function fastSafeParser<S extends z.ZodType>(schema: S): (input: unknown) => z.ZodSafeParseResult<z.output<S>> {
  const accept = compileAcceptor(schema);
  if (accept === null) return (input) => schema.safeParse(input);
  return (input) => {
    const output = accept(input);
    return output === FAIL ? schema.safeParse(input) : { success: true, data: output as z.output<S> };
  };
}
