import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Scope } from '../auth/clientRegistry';
import { type SimClient } from '../auth/clientRegistry';
import { rateLimitHeaders, type RateWindow } from '../auth/rateLimiter';
import { type SimContext } from '../simContext';
import { type HttpAnswer } from './answer';
import { problemAnswer } from './problems';
import { type Route } from './route';

export const BASE_PATH = '/generation/v1';

const ANONYMOUS: SimClient = { clientId: '', clientSecret: '', kind: 'ESTABLISHMENT', uais: [], antennaId: null };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function writeAnswer(res: ServerResponse, answer: HttpAnswer): void {
  const headers: Record<string, string> = { ...(answer.headers ?? {}) };
  let body: Buffer | undefined;
  if (answer.raw) body = answer.raw;
  else if (answer.json !== undefined && answer.status !== 304) body = Buffer.from(JSON.stringify(answer.json));
  if (body) {
    headers['Content-Type'] = answer.contentType ?? 'application/json';
    headers['Content-Length'] = String(body.length);
  }
  res.writeHead(answer.status, headers);
  res.end(body);
}

function unauthorized(description: string): HttpAnswer {
  return problemAnswer(
    401,
    'unauthorized',
    "Le jeton d'accès est absent, invalide ou expiré ; demandez-en un nouveau.",
    {},
    {
      'WWW-Authenticate': `Bearer realm="region-api", error="invalid_token", error_description="${description}"`,
    },
  );
}

function authenticate(
  ctx: SimContext,
  req: IncomingMessage,
  scope: Scope | 'any',
): { ok: true; client: SimClient } | { ok: false; answer: HttpAnswer } {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m?.[1]) return { ok: false, answer: unauthorized('Missing bearer token') };
  const grant = ctx.tokens.verify(m[1], ctx.now().getTime());
  const client = grant ? ctx.clients.get(grant.clientId) : undefined;
  if (!grant || !client) return { ok: false, answer: unauthorized('The access token is invalid or expired') };
  if (scope !== 'any' && !grant.scopes.includes(scope)) {
    return {
      ok: false,
      answer: problemAnswer(
        403,
        'insufficient-scope',
        `Cet appel nécessite le scope ${scope}.`,
        { requiredScope: scope },
        {
          'WWW-Authenticate': `Bearer realm="region-api", error="insufficient_scope", scope="${scope}"`,
        },
      ),
    };
  }
  return { ok: true, client };
}

/**
 * One API call: route match, call counting, injected faults (reset, 5xx, 429, latency, drop after
 * commit), authentication, the per-client rate limit, then the route.
 */
/** « 1 200 », with a plain space as the Region writes it. */
function frenchThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

export async function dispatch(
  ctx: SimContext,
  routes: Route[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim.local');
  const path = url.pathname.startsWith(BASE_PATH) ? url.pathname.slice(BASE_PATH.length) : null;
  let route: Route | undefined;
  let params: string[] = [];
  if (path !== null) {
    for (const candidate of routes) {
      const m = candidate.method === req.method ? candidate.pattern.exec(path) : null;
      if (m) {
        route = candidate;
        params = m.slice(1).map((p) => decodeURIComponent(p));
        break;
      }
    }
  }
  if (!route) {
    req.resume();
    writeAnswer(res, problemAnswer(404, 'not-found', 'Aucune ressource à cette adresse.'));
    return;
  }
  ctx.callCounts.set(route.id, (ctx.callCounts.get(route.id) ?? 0) + 1);
  const faults = ctx.faults.decide(route.id);
  if (faults.reset) {
    ctx.log(`[sim.faults] reset route=${route.id}`);
    req.socket.destroy();
    return;
  }
  const pause = (): Promise<void> => (faults.latencyMs > 0 ? sleep(faults.latencyMs) : Promise.resolve());
  if (!route.pausesItself) await pause();
  if (faults.error !== null) {
    req.resume();
    writeAnswer(
      res,
      faults.error === 503
        ? problemAnswer(503, 'service-unavailable', 'Service momentanément indisponible.', {}, { 'Retry-After': '1' })
        : problemAnswer(500, 'internal-error', 'Erreur interne simulée.', { instance: `urn:uuid:${ctx.prng.uuid()}` }),
    );
    return;
  }
  if (faults.rateLimited) {
    req.resume();
    writeAnswer(
      res,
      problemAnswer(
        429,
        'rate-limited',
        'Trop de requêtes (simulé).',
        {},
        {
          'Retry-After': '1',
          'RateLimit-Limit': String(ctx.limits.calls.limit),
          'RateLimit-Remaining': '0',
          'RateLimit-Reset': '1',
        },
      ),
    );
    return;
  }

  let client = ANONYMOUS;
  let window: RateWindow | null = null;
  if (route.scope !== null) {
    const auth = authenticate(ctx, req, route.scope);
    if (!auth.ok) {
      req.resume();
      writeAnswer(res, auth.answer);
      return;
    }
    client = auth.client;
    window = ctx.limits.calls.hit(client.clientId, ctx.now().getTime());
    if (!window.allowed) {
      req.resume();
      writeAnswer(
        res,
        problemAnswer(
          429,
          'rate-limited',
          `Limite de ${frenchThousands(window.limit)} requêtes par minute dépassée pour ce client.`,
          {},
          {
            'Retry-After': String(window.resetSeconds),
            ...rateLimitHeaders(window),
          },
        ),
      );
      return;
    }
  }

  const answer = await route.handle({ ctx, req, params, query: url.searchParams, client, pause });
  if (faults.dropAfterCommit) {
    ctx.log(`[sim.faults] drop-after-commit route=${route.id} status=${answer.status}`);
    req.socket.destroy();
    return;
  }
  if (window) answer.headers = { ...rateLimitHeaders(window), ...(answer.headers ?? {}) };
  writeAnswer(res, answer);
}
