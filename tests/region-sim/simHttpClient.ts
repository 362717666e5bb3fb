import { randomUUID } from 'node:crypto';
import { type RunningSimulator } from '../../region-sim/index';
import { PROBLEM_BASE } from '../../shared/region-api/schemas';
import { type OpenApiResponseValidator } from './openapiResponseValidator';

export interface SimResponse {
  status: number;
  headers: Headers;
  body: unknown;
  raw: Buffer;
  operationId: string;
  contractErrors: string[];
}

export interface CallOptions {
  token?: string | null;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  raw?: { bytes: Buffer; contentType: string };
}

/**
 * A thin HTTP client for tests: every answer is checked against the OpenAPI document and the
 * (operation, status) pairs seen are recorded, so a test can assert its coverage.
 */
export class SimHttpClient {
  readonly seen = new Set<string>();
  readonly contractErrors: string[] = [];

  constructor(
    readonly sim: RunningSimulator,
    private readonly validator: OpenApiResponseValidator | null,
  ) {}

  async token(kind: 'establishment' | 'antenna', scope?: string): Promise<string> {
    const c = this.sim.clients[kind];
    const res = await this.call('POST', '/oauth/token', {
      form: {
        grant_type: 'client_credentials',
        client_id: c.clientId,
        client_secret: c.clientSecret,
        ...(scope ? { scope } : {}),
      },
    });
    if (res.status !== 200) throw new Error(`token: ${res.status}`);
    return (res.body as { access_token: string }).access_token;
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<SimResponse> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    } else if (options.raw) {
      headers['content-type'] = options.raw.contentType;
      body = new Uint8Array(options.raw.bytes);
    }
    const res = await fetch(`${this.sim.baseUrl}${path}`, { method, headers, body });
    const raw = Buffer.from(await res.arrayBuffer());
    const contentType = res.headers.get('content-type') ?? '';
    const parsed =
      contentType.includes('json') && raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as unknown) : null;
    let operationId = '?';
    let contractErrors: string[] = [];
    if (this.validator) {
      const outcome = this.validator.validate({
        method,
        path,
        status: res.status,
        headers: res.headers,
        body: parsed,
        bodyLength: raw.length,
      });
      operationId = outcome.operationId;
      contractErrors = outcome.errors;
      this.seen.add(`${operationId} ${res.status}`);
      if (res.status >= 400)
        contractErrors.push(...problemShapeErrors(operationId, res.status, contentType, res.headers, parsed));
      this.contractErrors.push(...contractErrors);
    }
    return { status: res.status, headers: res.headers, body: parsed, raw, operationId, contractErrors };
  }
}

/** What the contract says of every error body beyond its schema: problem+json, a Region type, French text. */
function problemShapeErrors(
  operationId: string,
  status: number,
  contentType: string,
  headers: Headers,
  body: unknown,
): string[] {
  const errors: string[] = [];
  const label = `${operationId} ${status}`;
  if (!contentType.startsWith('application/problem+json')) errors.push(`${label}: content type ${contentType}`);
  const problem = (body ?? {}) as { type?: unknown; status?: unknown; title?: unknown };
  if (typeof problem.type !== 'string' || !problem.type.startsWith(PROBLEM_BASE))
    errors.push(`${label}: type outside base`);
  if (problem.status !== status) errors.push(`${label}: body status ${String(problem.status)}`);
  if (typeof problem.title !== 'string' || !/[A-Za-zÀ-ÿ]/.test(problem.title)) errors.push(`${label}: missing title`);
  if ((status === 429 || status === 503) && !/^[1-9][0-9]*$/.test(headers.get('retry-after') ?? '')) {
    errors.push(`${label}: Retry-After (delta-seconds) is required`);
  }
  if (status === 401 && operationId !== 'issueToken') {
    const challenge = headers.get('www-authenticate') ?? '';
    if (!challenge.startsWith('Bearer realm="region-api", error="invalid_token"'))
      errors.push(`${label}: WWW-Authenticate`);
  }
  return errors;
}

export function decisionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    decision: 'APPROVED',
    photoVerdict: 'COMPLIANT',
    reasonCodes: [],
    decidedBy: { staffId: 'cpe-test-01', displayName: 'Marc Leroy' },
    decidedAt: new Date().toISOString(),
    ...overrides,
  };
}

export function decisionHeaders(version: number, key: string = randomUUID()): Record<string, string> {
  return { 'idempotency-key': key, 'if-match': `"${version}"` };
}

export function problemType(res: SimResponse): string {
  const type = (res.body as { type?: string } | null)?.type ?? '';
  return type.replace('https://region-api.example/problems/', '');
}
