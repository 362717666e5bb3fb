import { timingSafeEqual } from 'node:crypto';
import { type Establishment, type Me, SCOPES } from '../../shared/region-api/schemas';
import { type Scope } from '../auth/clientRegistry';
import { walletValidityFor } from '../../shared/domain/schoolYear';
import { DEMO_ANTENNA, SCOPES_BY_KIND } from '../auth/clientRegistry';
import { rateLimitHeaders } from '../auth/rateLimiter';
import { emptyAnswer, jsonAnswer, type HttpAnswer } from '../http/answer';
import { badRequest, problemAnswer } from '../http/problems';
import { readBody } from '../http/readBody';
import { readLimit, type Route } from '../http/route';
import { REASONS, REASONS_ETAG } from '../reference/reasonCatalog';
import { isoSeconds } from '../time/isoSeconds';

function oauthProblem(status: 400 | 401, error: string, detail: string, description: string): HttpAnswer {
  return problemAnswer(status, 'oauth-error', detail, { error, error_description: description });
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const sessionRoutes: Route[] = [
  {
    id: 'token',
    method: 'POST',
    pattern: /^\/oauth\/token$/,
    scope: null,
    async handle({ ctx, req }) {
      const contentType = String(req.headers['content-type'] ?? '');
      const body = await readBody(req, 16 * 1024);
      if (!body.ok || !contentType.startsWith('application/x-www-form-urlencoded')) {
        return oauthProblem(400, 'invalid_request', 'Le corps doit être un formulaire encodé.', 'Form body expected.');
      }
      const form = new URLSearchParams(body.bytes.toString('utf8'));
      const grantType = form.get('grant_type');
      const clientId = form.get('client_id') ?? '';
      const secret = form.get('client_secret') ?? '';
      if (grantType !== 'client_credentials') {
        return oauthProblem(
          400,
          grantType === null ? 'invalid_request' : 'unsupported_grant_type',
          'Seul grant_type=client_credentials est accepté.',
          'Only client_credentials is supported.',
        );
      }
      if (!clientId || !secret) {
        return oauthProblem(
          400,
          'invalid_request',
          'client_id et client_secret sont obligatoires.',
          'Missing credentials.',
        );
      }
      const window = ctx.limits.tokens.hit(clientId, ctx.now().getTime());
      if (!window.allowed) {
        return problemAnswer(
          429,
          'rate-limited',
          'Limite de 30 demandes de jeton par heure dépassée.',
          {},
          {
            'Retry-After': String(window.resetSeconds),
            ...rateLimitHeaders(window),
          },
        );
      }
      const client = ctx.clients.get(clientId);
      if (!client || !sameSecret(client.clientSecret, secret)) {
        ctx.log(`[sim.auth] token refused client=${clientId.slice(0, 64)}`);
        return oauthProblem(401, 'invalid_client', 'Client non reconnu.', 'Client authentication failed.');
      }
      const granted = SCOPES_BY_KIND[client.kind];
      const requestedRaw = form.get('scope');
      let scopes: Scope[] = [...granted];
      if (requestedRaw !== null && requestedRaw.trim() !== '') {
        const requested = requestedRaw.trim().split(/\s+/);
        const unknown = requested.filter(
          (s) => !(SCOPES as readonly string[]).includes(s) || !granted.includes(s as Scope),
        );
        if (unknown.length > 0) {
          return oauthProblem(
            400,
            'invalid_scope',
            'Scope demandé non accordé à ce client.',
            'Requested scope not granted.',
          );
        }
        scopes = requested as Scope[];
      }
      const issued = ctx.tokens.issue(client.clientId, scopes, ctx.now().getTime());
      ctx.log(`[sim.auth] token issued client=${client.clientId}`);
      return jsonAnswer(
        200,
        { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn, scope: scopes.join(' ') },
        { 'Cache-Control': 'no-store' },
      );
    },
  },
  {
    id: 'me',
    method: 'GET',
    pattern: /^\/me$/,
    scope: 'any',
    handle({ ctx, client }) {
      const startYear = Number(ctx.schoolYear.slice(0, 4));
      const establishments = client.uais
        .map((uai) => ctx.store.getEstablishment(uai))
        .filter((e): e is Establishment => e !== undefined);
      const me: Me = {
        clientId: client.clientId,
        kind: client.kind,
        establishments,
        ...(client.kind === 'ANTENNA'
          ? { antenna: { ...DEMO_ANTENNA, antennaId: client.antennaId ?? DEMO_ANTENNA.antennaId } }
          : {}),
        currentSchoolYear: ctx.schoolYear,
        revalidationOpensOn: `${startYear}-06-15`,
        walletValidity: walletValidityFor(ctx.schoolYear),
        serverTime: isoSeconds(ctx.now()),
      };
      return jsonAnswer(200, me);
    },
  },
  {
    id: 'reasons',
    method: 'GET',
    pattern: /^\/reference\/reasons$/,
    scope: 'reference:read',
    handle({ req }) {
      const headers = { ETag: REASONS_ETAG, 'Cache-Control': 'private, max-age=3600' };
      const inm = req.headers['if-none-match'];
      if (typeof inm === 'string' && inm.split(',').some((t) => t.trim() === REASONS_ETAG)) {
        return emptyAnswer(304, headers);
      }
      return jsonAnswer(200, { items: REASONS }, headers);
    },
  },
  {
    id: 'establishments',
    method: 'GET',
    pattern: /^\/reference\/establishments$/,
    scope: 'reference:read',
    handle({ ctx, query, client }) {
      const limit = readLimit(query);
      if (!limit.ok) return limit.answer;
      let after = '';
      const cursor = query.get('cursor');
      if (cursor !== null) {
        const check = ctx.codec.decode(cursor, { f: 'establishments', u: '', c: client.clientId });
        if (!check.ok) {
          return check.reason === 'expired'
            ? problemAnswer(410, 'cursor-expired', "Ce curseur n'est plus utilisable ; reprenez à la première page.")
            : badRequest('invalid-cursor', "Ce curseur n'a pas été émis pour cet annuaire.");
        }
        after = check.payload.k;
      }
      const rows = ctx.store.listEstablishments(after, limit.limit + 1);
      const items = rows.slice(0, limit.limit);
      const hasMore = rows.length > limit.limit;
      const last = items[items.length - 1];
      const nextCursor =
        hasMore && last
          ? ctx.codec.encode({ f: 'establishments', u: '', c: client.clientId, m: 'c', k: last.uai, s: 0 })
          : null;
      return jsonAnswer(200, { items, nextCursor, hasMore });
    },
  },
];
