import { type Card, RevalidationRequest } from '../../shared/region-api/schemas';
import { parisDate } from '../../shared/domain/schoolYear';
import { type SimClient } from '../auth/clientRegistry';
import { decidedAtOutOfRange } from '../decisions/prevalidationService';
import { jsonAnswer, type HttpAnswer } from '../http/answer';
import { problemAnswer, validationError } from '../http/problems';
import { fieldErrorsFromZod } from '../http/zodErrors';
import { fingerprint } from '../idempotency/idempotencyGuard';
import { type SimContext } from '../simContext';
import { type CardLedger } from './cardLedger';

export async function processRevalidation(
  ctx: SimContext,
  cards: CardLedger,
  call: { client: SimClient; cardNumber: string; key: string; body: unknown },
  pause: () => Promise<void>,
): Promise<HttpAnswer> {
  const print = fingerprint('revalidate', call.cardNumber, null, call.body);
  return ctx.guard.run(call.client.clientId, call.key, print, pause, () => revalidate(ctx, cards, call));
}

function revalidate(
  ctx: SimContext,
  cards: CardLedger,
  call: { client: SimClient; cardNumber: string; key: string; body: unknown },
): HttpAnswer {
  const parsed = RevalidationRequest.safeParse(call.body);
  if (!parsed.success)
    return validationError('Le contenu ne respecte pas le contrat.', fieldErrorsFromZod(parsed.error));
  const body = parsed.data;
  if (!call.client.uais.includes(body.uai)) {
    return problemAnswer(403, 'forbidden-establishment', `L'établissement ${body.uai} n'est pas rattaché à ce poste.`, {
      uai: body.uai,
    });
  }
  const card = ctx.store.getCard(call.cardNumber);
  if (!card) return problemAnswer(404, 'not-found', 'Aucune ressource visible pour ce poste avec cet identifiant.');
  if (body.schoolYear !== ctx.schoolYear) {
    return problemAnswer(422, 'wrong-school-year', `Seule l'année scolaire ${ctx.schoolYear} peut être revalidée.`, {
      currentSchoolYear: ctx.schoolYear,
    });
  }
  if (parisDate(ctx.now()) < ctx.revalidationOpensOn) {
    return problemAnswer(
      422,
      'revalidation-not-open',
      `La revalidation ${ctx.schoolYear} ouvre le ${ctx.revalidationOpensOn}.`,
      { revalidationOpensOn: ctx.revalidationOpensOn },
    );
  }
  if (card.status === 'LOST' || card.status === 'BLOCKED') {
    return problemAnswer(
      422,
      'card-blocked',
      "Cette carte est bloquée ou déclarée perdue ; l'élève doit demander une nouvelle carte.",
      { cardStatus: card.status },
    );
  }
  if (card.status === 'EXPIRED') {
    return problemAnswer(422, 'card-expired', "Cette carte a expiré ; l'élève doit demander une nouvelle carte.", {
      cardStatus: card.status,
    });
  }
  if (decidedAtOutOfRange(body.decidedAt, ctx.now())) {
    return validationError('La revalidation ne respecte pas les règles.', [
      {
        pointer: '/decidedAt',
        code: 'DECIDED_AT_OUT_OF_RANGE',
        detail: 'decidedAt doit dater de moins de 60 jours et ne pas dépasser de plus de 5 minutes l’heure du serveur.',
      },
    ]);
  }
  if (card.lastRevalidatedSchoolYear === body.schoolYear) {
    if (card.establishmentUai === body.uai) return jsonAnswer(200, { card });
    return problemAnswer(
      409,
      'already-revalidated',
      `Cette carte a été revalidée pour ${body.schoolYear} par un autre établissement.`,
      { current: card },
    );
  }
  const updated: Card = ctx.store.transaction(() => cards.revalidate(card, body.uai, body.schoolYear, body.training));
  ctx.log(`[sim.cards] card=${updated.cardNumber.slice(-4)} revalidated uai=${body.uai} v=${updated.version}`);
  return jsonAnswer(201, { card: updated });
}
