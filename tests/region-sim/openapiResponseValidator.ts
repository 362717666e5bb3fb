/**
 * Validates HTTP answers against the OpenAPI 3.1 document: the operation is found by method and
 * path template, then status, content type, required headers (and their patterns) and the body
 * schema must be what the document declares. Reusable by any test that talks to a Region API.
 */
import { readFileSync } from 'node:fs';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

type Json = Record<string, unknown>;

export interface ObservedResponse {
  method: string;
  /** Path below the server base (e.g. `/requests/…/prevalidation`), query string allowed. */
  path: string;
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for empty and binary bodies. */
  body: unknown;
  /** Raw body length, to check that 304s and other body-less answers are empty. */
  bodyLength: number;
}

export interface ValidationOutcome {
  operationId: string;
  errors: string[];
}

const DOC_ID = 'openapi.yaml';

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value !== null && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value as Json)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${DOC_ID}${v}` : rewriteRefs(v);
    }
    return out;
  }
  return value;
}

export class OpenApiResponseValidator {
  private readonly doc: Json;
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<unknown, ValidateFunction>();
  private readonly operations: Array<{ method: string; template: string; regex: RegExp; operation: Json }> = [];

  constructor(file: string) {
    this.doc = parse(readFileSync(file, 'utf8')) as Json;
    // strict: false because OpenAPI adds keywords (discriminator, example…) that JSON Schema does
    // not know; `discriminator` is only a hint here, the oneOf branches are distinct on their own.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    for (const name of ['int64', 'int32', 'binary', 'password']) {
      if (!this.ajv.formats[name]) this.ajv.addFormat(name, true);
    }
    this.ajv.addSchema({ $id: DOC_ID, components: (this.doc.components as Json) ?? {} });
    const paths = (this.doc.paths as Record<string, Json>) ?? {};
    for (const [template, item] of Object.entries(paths)) {
      const pattern = template
        .split(/(\{[^}]+\})/)
        .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
        .join('');
      for (const method of ['get', 'post', 'put', 'delete', 'patch']) {
        const operation = item[method] as Json | undefined;
        if (operation)
          this.operations.push({
            method: method.toUpperCase(),
            template,
            regex: new RegExp(`^${pattern}$`),
            operation,
          });
      }
    }
  }

  /** Follows a local `$ref` (`#/components/...`). */
  resolve<T = Json>(value: unknown): T {
    let current = value as Json;
    for (let depth = 0; depth < 10 && typeof current?.$ref === 'string'; depth++) {
      const pointer = (current.$ref as string).replace(/^#\//, '').split('/');
      let target: unknown = this.doc;
      for (const segment of pointer) target = (target as Json)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
      current = target as Json;
    }
    return current as T;
  }

  findOperation(method: string, path: string): { template: string; operation: Json } | undefined {
    const bare = path.split('?')[0] ?? path;
    return this.operations.find((o) => o.method === method.toUpperCase() && o.regex.test(bare));
  }

  private validatorFor(schema: unknown): ValidateFunction {
    let fn = this.compiled.get(schema);
    if (!fn) {
      fn = this.ajv.compile(rewriteRefs(schema) as Json);
      this.compiled.set(schema, fn);
    }
    return fn;
  }

  /** Validates a body against a component schema by name (e.g. `RequestSnapshot`). */
  validateSchema(name: string, value: unknown): string[] {
    const fn = this.validatorFor({ $ref: `#/components/schemas/${name}` });
    return fn(value) ? [] : (fn.errors ?? []).map((e) => `${name}${e.instancePath} ${e.message ?? ''}`);
  }

  validate(observed: ObservedResponse): ValidationOutcome {
    const found = this.findOperation(observed.method, observed.path);
    if (!found) return { operationId: '?', errors: [`no operation for ${observed.method} ${observed.path}`] };
    const operationId = String(found.operation.operationId);
    const errors: string[] = [];
    const responses = (found.operation.responses as Json) ?? {};
    const declared =
      responses[String(observed.status)] ?? responses[`${String(observed.status)[0]}XX`] ?? responses.default;
    if (!declared) {
      return { operationId, errors: [`${operationId}: status ${observed.status} is not declared`] };
    }
    const response = this.resolve(declared);

    for (const [name, rawHeader] of Object.entries((response.headers as Json) ?? {})) {
      const header = this.resolve(rawHeader);
      const value = observed.headers.get(name);
      if (value === null) {
        if (header.required === true) errors.push(`${operationId} ${observed.status}: header ${name} is required`);
        continue;
      }
      const schema = this.resolve((header.schema as Json) ?? {});
      errors.push(...this.checkHeaderValue(`${operationId} ${observed.status}: header ${name}`, value, schema));
    }

    const content = response.content as Json | undefined;
    const contentType = (observed.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (!content) {
      if (observed.bodyLength > 0) errors.push(`${operationId} ${observed.status}: no body is declared`);
      return { operationId, errors };
    }
    const media = content[contentType] as Json | undefined;
    if (!media) {
      errors.push(
        `${operationId} ${observed.status}: content type "${contentType}" not declared (${Object.keys(content).join(', ')})`,
      );
      return { operationId, errors };
    }
    if (contentType.endsWith('json')) {
      const fn = this.validatorFor(media.schema);
      if (!fn(observed.body)) {
        for (const e of fn.errors ?? [])
          errors.push(`${operationId} ${observed.status}: body${e.instancePath} ${e.message ?? ''}`);
      }
    } else if (observed.bodyLength === 0) {
      errors.push(`${operationId} ${observed.status}: empty ${contentType} body`);
    }
    return { operationId, errors };
  }

  private checkHeaderValue(label: string, value: string, schema: Json): string[] {
    const errors: string[] = [];
    if (schema.type === 'integer') {
      if (!/^-?[0-9]+$/.test(value)) return [`${label} must be an integer, got "${value}"`];
      if (typeof schema.minimum === 'number' && Number(value) < schema.minimum) errors.push(`${label} below minimum`);
      if (typeof schema.maximum === 'number' && Number(value) > schema.maximum) errors.push(`${label} above maximum`);
      return errors;
    }
    if (schema.type === 'boolean') return value === 'true' || value === 'false' ? [] : [`${label} must be a boolean`];
    if ('const' in schema && value !== schema.const) errors.push(`${label} must be ${String(schema.const)}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) {
      errors.push(`${label} "${value}" does not match ${schema.pattern}`);
    }
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) errors.push(`${label} too long`);
    return errors;
  }
}
