import {
  type FieldError,
  type Prevalidation,
  PrevalidationDecision,
  type RequestSnapshot,
} from '../../shared/region-api/schemas';
import { type SimClient } from '../auth/clientRegistry';
import { jsonAnswer, type HttpAnswer } from '../http/answer';
import { problemAnswer, validationError } from '../http/problems';
import { fieldErrorsFromZod } from '../http/zodErrors';
import { fingerprint } from '../idempotency/idempotencyGuard';
import { REASONS_BY_CODE } from '../reference/reasonCatalog';
import { type SimContext } from '../simContext';

const DECIDED_AT_MAX_AHEAD_MS = 5 * 60_000;
const DECIDED_AT_MAX_AGE_MS = 60 * 86_400_000;

export interface DecisionCall {
  client: SimClient;
  requestId: string;
  key: string;
  /** The parsed version, or the raw header when it is malformed (fingerprinted either way). */
  ifMatch: number | string | null;
  /** The decision body as data (batch items without their envelope members). */
  body: unknown;
  /** Set for batch items: the request must be attached to this UAI. */
  batchUai?: string;
}

export function parseIfMatch(raw: string | undefined): number | string | null {
  if (raw === undefined) return null;
  const m = /^"([0-9]{1,18})"$/.exec(raw.trim());
  return m ? Number(m[1]) : raw;
}

/**
 * One decision, processed as the contract orders the checks: key → If-Match → body → visibility
 * → state → business rules → apply. Shared by the single and the batch endpoints, so both use
 * one key space and one fingerprint.
 */
export async function processDecision(
  ctx: SimContext,
  call: DecisionCall,
  pause: () => Promise<void>,
): Promise<HttpAnswer & { replayed: boolean }> {
  const print = fingerprint('prevalidate', call.requestId, call.ifMatch, call.body);
  return ctx.guard.run(call.client.clientId, call.key, print, pause, () => decide(ctx, call));
}

function decide(ctx: SimContext, call: DecisionCall): HttpAnswer {
  if (typeof call.ifMatch !== 'number' || call.ifMatch < 1) {
    return problemAnswer(
      428,
      'precondition-required',
      'Envoyez If-Match avec la version de la demande consultée, par exemple "7".',
    );
  }
  const parsed = PrevalidationDecision.safeParse(call.body);
  if (!parsed.success) {
    return validationError('La décision ne respecte pas le contrat.', fieldErrorsFromZod(parsed.error));
  }
  const decision = parsed.data;

  const row = ctx.ledger.get(call.requestId);
  if (!row) return notFound();
  let current: RequestSnapshot | null;
  if (call.batchUai !== undefined) {
    if (row.status !== 'WITHDRAWN' && row.request.establishmentUai === call.batchUai) current = row.request;
    else if (row.status === 'WITHDRAWN' && row.request.establishmentUai === call.batchUai)
      current = ctx.ledger.tombstone(row, 'WITHDRAWN');
    // It has just left {uai}: even if it moved to another of this client's UAIs, this batch sees a tombstone.
    else if (row.formerUais.includes(call.batchUai)) current = ctx.ledger.tombstone(row, 'TRANSFERRED');
    else current = null;
  } else {
    current = ctx.ledger.viewFor(call.client, row);
  }
  if (!current) return notFound();

  if (current.status !== 'SUBMITTED') {
    return problemAnswer(
      409,
      'already-decided',
      "Cette demande n'attend plus de pré-validation de votre établissement.",
      {
        current,
      },
    );
  }
  if (current.version !== call.ifMatch) {
    return problemAnswer(
      409,
      'version-conflict',
      `If-Match valait "${call.ifMatch}" mais la demande est à la version ${current.version}.`,
      { current },
    );
  }

  const request = row.request;
  const errors = businessRuleErrors(ctx, decision, request.establishmentUai);
  if (errors.length > 0) return validationError('La décision ne respecte pas les règles de pré-validation.', errors);
  if (decision.decision === 'APPROVED' && request.photo === null) {
    return problemAnswer(422, 'photo-missing', 'Une demande sans photo ne peut pas être approuvée.');
  }

  const prevalidation: Prevalidation = {
    decision: decision.decision,
    photoVerdict: decision.photoVerdict,
    reasonCodes: decision.reasonCodes,
    ...(decision.comment !== undefined ? { comment: decision.comment } : {}),
    ...(decision.targetUai !== undefined ? { targetUai: decision.targetUai } : {}),
    decidedBy: decision.decidedBy,
    decidedAt: decision.decidedAt,
    establishmentUai: request.establishmentUai,
    recordedAt: '',
  };
  const answered = ctx.store.transaction(() => {
    const result = ctx.ledger.applyDecision(row, prevalidation);
    ctx.store.recordDecision(request.id, call.client.clientId, call.key, decision.decision, result.updatedAt);
    return result;
  });
  ctx.log(
    `[sim.decision] request=${request.id} decision=${decision.decision} status=${answered.status} v=${answered.version}`,
  );
  return jsonAnswer(200, { request: answered }, { ETag: `"${answered.version}"` });
}

function notFound(): HttpAnswer {
  return problemAnswer(404, 'not-found', 'Aucune ressource visible pour ce poste avec cet identifiant.');
}

function businessRuleErrors(ctx: SimContext, decision: PrevalidationDecision, requestUai: string): FieldError[] {
  const errors: FieldError[] = [];
  const prevalidationCodes: string[] = [];
  const photoCodes: string[] = [];
  decision.reasonCodes.forEach((code, index) => {
    const reason = REASONS_BY_CODE.get(code);
    if (!reason) {
      errors.push({ pointer: `/reasonCodes/${index}`, code: 'UNKNOWN_REASON_CODE', detail: `Motif inconnu ${code}.` });
      return;
    }
    if (!reason.active) {
      errors.push({ pointer: `/reasonCodes/${index}`, code: 'REASON_RETIRED', detail: `Le motif ${code} est retiré.` });
    }
    if (reason.appliesTo === 'PREVALIDATION') {
      prevalidationCodes.push(code);
      if (decision.decision === 'APPROVED') {
        errors.push({
          pointer: `/reasonCodes/${index}`,
          code: 'REASON_NOT_ALLOWED',
          detail: 'Une approbation ne comporte pas de motif de pré-validation.',
        });
      }
    } else {
      photoCodes.push(code);
      if (decision.photoVerdict === 'COMPLIANT') {
        errors.push({
          pointer: `/reasonCodes/${index}`,
          code: 'REASON_NOT_ALLOWED',
          detail: 'Une photo conforme ne comporte pas de motif photo.',
        });
      }
    }
  });
  if (decision.decision !== 'APPROVED' && prevalidationCodes.length === 0) {
    errors.push({
      pointer: '/reasonCodes',
      code: 'REASON_REQUIRED',
      detail: 'Un refus ou une réorientation doit comporter au moins un motif de pré-validation.',
    });
  }
  if (decision.photoVerdict === 'NON_COMPLIANT' && photoCodes.length === 0) {
    errors.push({
      pointer: '/reasonCodes',
      code: 'REASON_REQUIRED',
      detail: 'Une photo non conforme doit comporter un motif photo.',
    });
  }
  if (decision.decision === 'REDIRECTED') {
    if (decision.targetUai === undefined) {
      errors.push({
        pointer: '/targetUai',
        code: 'TARGET_UAI_REQUIRED',
        detail: 'targetUai est obligatoire quand decision vaut REDIRECTED.',
      });
    } else if (!ctx.store.getEstablishment(decision.targetUai)) {
      errors.push({
        pointer: '/targetUai',
        code: 'UAI_UNKNOWN',
        detail: `L'établissement ${decision.targetUai} est inconnu.`,
      });
    } else if (decision.targetUai === requestUai) {
      errors.push({
        pointer: '/targetUai',
        code: 'TARGET_UAI_SAME_AS_CURRENT',
        detail: 'La demande est déjà rattachée à cet établissement.',
      });
    }
  } else if (decision.targetUai !== undefined) {
    errors.push({
      pointer: '/targetUai',
      code: 'TARGET_UAI_NOT_ALLOWED',
      detail: 'targetUai est réservé aux réorientations.',
    });
  }
  if (decidedAtOutOfRange(decision.decidedAt, ctx.now())) {
    errors.push({
      pointer: '/decidedAt',
      code: 'DECIDED_AT_OUT_OF_RANGE',
      detail: 'decidedAt doit dater de moins de 60 jours et ne pas dépasser de plus de 5 minutes l’heure du serveur.',
    });
  }
  return errors;
}

export function decidedAtOutOfRange(decidedAt: string, now: Date): boolean {
  const ms = Date.parse(decidedAt);
  return !(ms <= now.getTime() + DECIDED_AT_MAX_AHEAD_MS && ms >= now.getTime() - DECIDED_AT_MAX_AGE_MS);
}
