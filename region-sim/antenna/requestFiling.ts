import { type ActiveRequest, NewRequest } from '../../shared/region-api/schemas';
import { ageOn, parisDate } from '../../shared/domain/schoolYear';
import { type SimClient } from '../auth/clientRegistry';
import { jsonAnswer, type HttpAnswer } from '../http/answer';
import { problemAnswer, validationError } from '../http/problems';
import { fieldErrorsFromZod } from '../http/zodErrors';
import { fingerprint } from '../idempotency/idempotencyGuard';
import { type SimContext } from '../simContext';
import { identityKey } from '../store/simStore';
import { isoSeconds } from '../time/isoSeconds';

export const BASE_PATH = '/generation/v1';

export async function processNewRequest(
  ctx: SimContext,
  call: { client: SimClient; key: string; body: unknown },
  pause: () => Promise<void>,
): Promise<HttpAnswer> {
  const print = fingerprint('createRequest', '', null, call.body);
  return ctx.guard.run(call.client.clientId, call.key, print, pause, () => fileRequest(ctx, call));
}

function fileRequest(ctx: SimContext, call: { client: SimClient; key: string; body: unknown }): HttpAnswer {
  const parsed = NewRequest.safeParse(call.body);
  if (!parsed.success)
    return validationError('Le contenu ne respecte pas le contrat.', fieldErrorsFromZod(parsed.error));
  const body = parsed.data;
  if (body.assistedBy.antennaId !== call.client.antennaId) {
    return problemAnswer(
      403,
      'forbidden-establishment',
      `L'antenne ${body.assistedBy.antennaId} n'est pas rattachée à ce poste.`,
    );
  }
  const errors = [];
  const acceptedOn = parisDate(new Date(body.consent.rulesAcceptedAt));
  if (ageOn(body.student.birthDate, acceptedOn) < 15 && !body.consent.guardianConsent) {
    errors.push({
      pointer: '/consent/guardianConsent',
      code: 'GUARDIAN_CONSENT_REQUIRED',
      detail: "L'élève a moins de 15 ans ; le consentement d'un représentant légal est requis.",
    });
  }
  if (!ctx.store.getEstablishment(body.establishmentUai)) {
    errors.push({
      pointer: '/establishmentUai',
      code: 'UAI_UNKNOWN',
      detail: `L'établissement ${body.establishmentUai} est inconnu.`,
    });
  }
  if (body.address.country === 'FR' && !/^[0-9]{5}$/.test(body.address.postalCode)) {
    errors.push({
      pointer: '/address/postalCode',
      code: 'INVALID_FORMAT',
      detail: 'Un code postal français a 5 chiffres.',
    });
  }
  if (errors.length > 0) return validationError('Le contenu ne respecte pas le contrat.', errors);

  const existing = ctx.store.findLiveRequestByIdentity(
    identityKey(body.student.lastName, body.student.firstName, body.student.birthDate),
    ctx.schoolYear,
  );
  if (existing) {
    return problemAnswer(409, 'duplicate-request', 'Une demande existe déjà pour cet élève cette année scolaire.', {
      existingRequestId: existing.id,
      existingFileNumber: existing.fileNumber,
    });
  }

  const at = isoSeconds(ctx.now());
  const year = Number(ctx.schoolYear.slice(0, 4));
  const request: ActiveRequest = {
    id: ctx.prng.uuid(),
    fileNumber: `HDF-${year}-${String(ctx.store.maxFileSequence(year) + 1).padStart(7, '0')}`,
    version: 1,
    status: 'SUBMITTED',
    schoolYear: ctx.schoolYear,
    channel: 'ANTENNA',
    submittedAt: at,
    updatedAt: at,
    student: body.student,
    address: body.address,
    establishmentUai: body.establishmentUai,
    training: body.training,
    photo: null,
    prevalidation: null,
    isReturningStudent: false,
  };
  ctx.store.transaction(() => ctx.ledger.create(request, call.client.antennaId, 'ANTENNA'));
  ctx.log(`[sim.antenna] request=${request.id} filed uai=${request.establishmentUai}`);
  return jsonAnswer(
    201,
    { request },
    { Location: `${BASE_PATH}/requests/${request.id}`, ETag: `"${request.version}"` },
  );
}
