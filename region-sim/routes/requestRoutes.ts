import { BatchPrevalidationRequest, type BatchItemResult, type FieldError } from '../../shared/region-api/schemas';
import { processDecision, parseIfMatch } from '../decisions/prevalidationService';
import { readFeedPage } from '../feeds/changeFeed';
import { emptyAnswer, jsonAnswer, type HttpAnswer } from '../http/answer';
import { badRequest, problemAnswer, validationError } from '../http/problems';
import { readJson, readLimit, type Route, type RouteCall } from '../http/route';
import { fieldErrorsFromZod } from '../http/zodErrors';
import { isUuid } from '../idempotency/idempotencyGuard';
import { idempotencyKeyOf } from '../http/idempotencyKeyHeader';

const UAI = /^[0-9]{7}[A-Z]$/;

export function notFound(): HttpAnswer {
  return problemAnswer(404, 'not-found', 'Aucune ressource visible pour ce poste avec cet identifiant.');
}

export function forbiddenUai(uai: string): HttpAnswer {
  return problemAnswer(403, 'forbidden-establishment', `L'établissement ${uai} n'est pas rattaché à ce poste.`, {
    uai,
  });
}

function checkUaiParam(call: RouteCall): { ok: true; uai: string } | { ok: false; answer: HttpAnswer } {
  const uai = call.params[0] ?? '';
  if (!UAI.test(uai)) {
    return {
      ok: false,
      answer: badRequest('bad-request', 'UAI invalide.', [{ pointer: '#/path/uai', code: 'INVALID_FORMAT' }]),
    };
  }
  if (!call.client.uais.includes(uai)) return { ok: false, answer: forbiddenUai(uai) };
  return { ok: true, uai };
}

function feedRoute(id: 'requestFeed' | 'cardFeed', feed: 'requests' | 'cards', pattern: RegExp): Route {
  return {
    id,
    method: 'GET',
    pattern,
    scope: feed === 'requests' ? 'requests:read' : 'cards:read',
    handle(call) {
      const uai = checkUaiParam(call);
      if (!uai.ok) return uai.answer;
      const limit = readLimit(call.query);
      if (!limit.ok) return limit.answer;
      return readFeedPage(call.ctx.store, call.ctx.codec, call.ctx.faults, {
        feed,
        uai: uai.uai,
        clientId: call.client.clientId,
        cursor: call.query.get('cursor'),
        limit: limit.limit,
      });
    },
  };
}

function batchItemProblem(answer: HttpAnswer): Pick<BatchItemResult, 'body' | 'problem'> {
  if (answer.status < 300) return { body: answer.json as BatchItemResult['body'] };
  return { problem: answer.json as BatchItemResult['problem'] };
}

export const requestRoutes: Route[] = [
  feedRoute('requestFeed', 'requests', /^\/establishments\/([^/]+)\/requests\/changes$/),
  feedRoute('cardFeed', 'cards', /^\/establishments\/([^/]+)\/cards\/changes$/),
  {
    id: 'getRequest',
    method: 'GET',
    pattern: /^\/requests\/([^/]+)$/,
    scope: 'requests:read',
    handle({ ctx, params, client, req }) {
      const id = params[0] ?? '';
      const row = isUuid(id) ? ctx.ledger.get(id) : undefined;
      const view = row ? ctx.ledger.viewFor(client, row) : null;
      if (!view) return notFound();
      const etag = `"${view.version}"`;
      if (req.headers['if-none-match'] === etag) return emptyAnswer(304, { ETag: etag });
      return jsonAnswer(200, view, { ETag: etag });
    },
  },
  {
    id: 'timeline',
    method: 'GET',
    pattern: /^\/requests\/([^/]+)\/timeline$/,
    scope: 'requests:read',
    handle({ ctx, params, client }) {
      const id = params[0] ?? '';
      const row = isUuid(id) ? ctx.ledger.get(id) : undefined;
      const view = row ? ctx.ledger.viewFor(client, row) : null;
      // A client that lost the request through a transfer no longer sees its history.
      if (!row || !view || view.status === 'TRANSFERRED') return notFound();
      return jsonAnswer(200, { requestId: id, fileNumber: row.request.fileNumber, items: ctx.store.getTimeline(id) });
    },
  },
  {
    id: 'photo',
    method: 'GET',
    pattern: /^\/photos\/([^/]+)$/,
    scope: 'requests:read',
    handle({ ctx, params, client, req }) {
      const id = params[0] ?? '';
      const photo = isUuid(id) ? ctx.store.getPhoto(id) : undefined;
      const row = photo ? ctx.ledger.get(photo.requestId) : undefined;
      const view = row ? ctx.ledger.viewFor(client, row) : null;
      if (!photo || !view || !('photo' in view)) return notFound();
      const headers = { ETag: `"${photo.sha256}"`, 'Cache-Control': 'private, max-age=31536000, immutable' };
      if (req.headers['if-none-match'] === headers.ETag) return emptyAnswer(304, headers);
      const data = ctx.store.getPhotoBlob(photo.sha256);
      if (!data) return notFound();
      return { status: 200, raw: data, contentType: photo.contentType, headers };
    },
  },
  {
    id: 'prevalidate',
    method: 'POST',
    pattern: /^\/requests\/([^/]+)\/prevalidation$/,
    scope: 'requests:prevalidate',
    pausesItself: true,
    async handle({ ctx, params, client, req, pause }) {
      const requestId = params[0] ?? '';
      const header = idempotencyKeyOf(req);
      if ('answer' in header) return header.answer;
      const { key } = header;
      if (!isUuid(requestId)) {
        return badRequest('bad-request', 'Identifiant de demande invalide.', [
          { pointer: '#/path/requestId', code: 'INVALID_FORMAT' },
        ]);
      }
      const body = await readJson(req);
      if (!body.ok) return body.answer;
      const ifMatchHeader = req.headers['if-match'];
      const result = await processDecision(
        ctx,
        { client, requestId, key, ifMatch: parseIfMatch(ifMatchHeader), body: body.value },
        pause,
      );
      const { replayed: _replayed, ...answer } = result;
      return answer;
    },
  },
  {
    id: 'batch',
    method: 'POST',
    pattern: /^\/establishments\/([^/]+)\/prevalidations:batch$/,
    scope: 'requests:prevalidate',
    async handle(call) {
      const uai = checkUaiParam(call);
      if (!uai.ok) return uai.answer;
      const body = await readJson(call.req);
      if (!body.ok) return body.answer;
      const items = (body.value as { items?: unknown } | null)?.items;
      if (Array.isArray(items) && items.length > 100) {
        return validationError('Un lot contient au plus 100 décisions.', [
          { pointer: '/items', code: 'TOO_MANY_ITEMS', detail: `${items.length} éléments reçus.` },
        ]);
      }
      const parsed = BatchPrevalidationRequest.safeParse(body.value);
      if (!parsed.success)
        return validationError('Le lot ne respecte pas le contrat.', fieldErrorsFromZod(parsed.error));
      const duplicates: FieldError[] = [];
      const seenIds = new Set<string>();
      const seenKeys = new Set<string>();
      parsed.data.items.forEach((item, index) => {
        if (seenIds.has(item.requestId))
          duplicates.push({ pointer: `/items/${index}/requestId`, code: 'DUPLICATE_REQUEST_ID' });
        if (seenKeys.has(item.idempotencyKey)) {
          duplicates.push({ pointer: `/items/${index}/idempotencyKey`, code: 'DUPLICATE_IDEMPOTENCY_KEY' });
        }
        seenIds.add(item.requestId);
        seenKeys.add(item.idempotencyKey);
      });
      if (duplicates.length > 0) return validationError('Le lot contient des doublons.', duplicates);

      const results: BatchItemResult[] = [];
      // Items are processed in order and independently; each uses the raw item as data, minus its envelope.
      const rawItems = (body.value as { items: Array<Record<string, unknown>> }).items;
      for (const [index, item] of parsed.data.items.entries()) {
        const { requestId: _r, idempotencyKey: _k, ifMatchVersion: _v, ...decisionBody } = rawItems[index] ?? {};
        const answer = await processDecision(
          call.ctx,
          {
            client: call.client,
            requestId: item.requestId,
            key: item.idempotencyKey,
            ifMatch: item.ifMatchVersion,
            body: decisionBody,
            batchUai: uai.uai,
          },
          async () => undefined,
        );
        results.push({
          index,
          requestId: item.requestId,
          idempotencyKey: item.idempotencyKey,
          status: answer.status,
          replayed: answer.replayed,
          ...batchItemProblem(answer),
        });
      }
      return jsonAnswer(207, { results });
    },
  },
];
