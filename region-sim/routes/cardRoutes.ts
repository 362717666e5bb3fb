import { rateLimitHeaders } from '../auth/rateLimiter';
import { CardLedger } from '../cards/cardLedger';
import { processRevalidation } from '../cards/revalidationService';
import { jsonAnswer, type HttpAnswer } from '../http/answer';
import { badRequest, problemAnswer } from '../http/problems';
import { readJson, type Route } from '../http/route';
import { idempotencyKeyOf } from '../http/idempotencyKeyHeader';
import { notFound } from './requestRoutes';

const CARD_NUMBER = /^[0-9]{16}$/;
const FILE_NUMBER = /^[A-Z]{2,4}-[0-9]{4}-[0-9]{7}$/;
const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

export const cardRoutes: Route[] = [
  {
    id: 'lookup',
    method: 'GET',
    pattern: /^\/cards\/lookup$/,
    scope: 'cards:read',
    handle({ ctx, query, client }): HttpAnswer {
      const cardNumber = query.get('cardNumber');
      const fileNumber = query.get('fileNumber');
      const birthDate = query.get('birthDate');
      if ((cardNumber === null) === (fileNumber === null)) {
        return badRequest('bad-request', 'Indiquez soit cardNumber, soit fileNumber.', [
          { pointer: '#/query/cardNumber', code: 'REQUIRED', detail: 'Exactement un de cardNumber ou fileNumber.' },
        ]);
      }
      const errors = [];
      if (cardNumber !== null && !CARD_NUMBER.test(cardNumber))
        errors.push({ pointer: '#/query/cardNumber', code: 'INVALID_FORMAT' });
      if (fileNumber !== null && !FILE_NUMBER.test(fileNumber))
        errors.push({ pointer: '#/query/fileNumber', code: 'INVALID_FORMAT' });
      if (birthDate === null) errors.push({ pointer: '#/query/birthDate', code: 'REQUIRED' });
      else if (!ISO_DATE.test(birthDate)) errors.push({ pointer: '#/query/birthDate', code: 'INVALID_FORMAT' });
      if (errors.length > 0) return badRequest('bad-request', 'Paramètres de recherche invalides.', errors);

      const window = ctx.limits.lookups.hit(client.clientId, ctx.now().getTime());
      if (!window.allowed) {
        return problemAnswer(
          429,
          'rate-limited',
          'Limite de 300 recherches de carte par heure dépassée.',
          {},
          {
            'Retry-After': String(window.resetSeconds),
            ...rateLimitHeaders(window),
          },
        );
      }
      const card =
        cardNumber !== null ? ctx.store.getCard(cardNumber) : ctx.store.getCardByFileNumber(fileNumber ?? '');
      // A wrong birth date looks exactly like an unknown number, so cards cannot be enumerated.
      if (!card || card.student.birthDate !== birthDate) return notFound();
      return jsonAnswer(200, card);
    },
  },
  {
    id: 'revalidate',
    method: 'POST',
    pattern: /^\/cards\/([^/]+)\/revalidations$/,
    scope: 'cards:revalidate',
    pausesItself: true,
    async handle({ ctx, params, req, client, pause }) {
      const cardNumber = params[0] ?? '';
      const header = idempotencyKeyOf(req);
      if ('answer' in header) return header.answer;
      const { key } = header;
      if (!CARD_NUMBER.test(cardNumber)) {
        return badRequest('bad-request', 'Numéro de carte invalide.', [
          { pointer: '#/path/cardNumber', code: 'INVALID_FORMAT' },
        ]);
      }
      const body = await readJson(req);
      if (!body.ok) return body.answer;
      const cards = new CardLedger(ctx.store, ctx.now);
      return processRevalidation(ctx, cards, { client, cardNumber, key, body: body.value }, pause);
    },
  },
];
