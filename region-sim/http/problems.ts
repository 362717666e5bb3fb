import { PROBLEM_BASE, type FieldError, type ProblemType } from '../../shared/region-api/schemas';
import { type HttpAnswer } from './answer';

/** French titles, the same for every occurrence of a type (the contract says so). */
const TITLES: Record<ProblemType, string> = {
  'bad-request': 'Paramètre invalide',
  'invalid-cursor': 'Curseur invalide',
  'idempotency-key-missing': "Clé d'idempotence manquante",
  'oauth-error': 'Demande de jeton invalide',
  unauthorized: 'Authentification requise',
  'insufficient-scope': 'Droit insuffisant',
  'forbidden-establishment': 'Établissement non autorisé',
  'not-found': 'Introuvable',
  'version-conflict': 'La demande a changé',
  'already-decided': 'Demande déjà traitée',
  'already-revalidated': 'Carte déjà revalidée',
  'duplicate-request': 'Demande déjà existante',
  'request-not-editable': 'Photo non modifiable',
  'idempotency-key-in-use': 'Requête en cours de traitement',
  'cursor-expired': 'Curseur expiré',
  'payload-too-large': 'Fichier trop volumineux',
  'unsupported-media-type': 'Format non accepté',
  'validation-error': 'Données invalides',
  'idempotency-key-reused': "Clé d'idempotence déjà utilisée",
  'photo-missing': 'Photo absente',
  'image-unreadable': 'Image illisible',
  'wrong-school-year': 'Année scolaire incorrecte',
  'revalidation-not-open': 'Revalidation pas encore ouverte',
  'card-blocked': 'Carte bloquée',
  'card-expired': 'Carte expirée',
  'precondition-required': 'En-tête If-Match requis',
  'rate-limited': 'Trop de requêtes',
  'internal-error': 'Erreur interne',
  'service-unavailable': 'Service indisponible',
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  [extension: string]: unknown;
}

export function problemBody(
  status: number,
  name: ProblemType,
  detail?: string,
  extensions: Record<string, unknown> = {},
): ProblemBody {
  return {
    type: `${PROBLEM_BASE}${name}`,
    title: TITLES[name],
    status,
    ...(detail ? { detail } : {}),
    ...extensions,
  };
}

export function problemAnswer(
  status: number,
  name: ProblemType,
  detail?: string,
  extensions: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): HttpAnswer {
  return {
    status,
    json: problemBody(status, name, detail, extensions),
    headers,
    contentType: 'application/problem+json',
  };
}

/** 400 answers carry `errors` (possibly empty): the contract declares them as ValidationProblem. */
export function badRequest(
  name: 'bad-request' | 'invalid-cursor' | 'idempotency-key-missing',
  detail: string,
  errors: FieldError[] = [],
): HttpAnswer {
  return problemAnswer(400, name, detail, { errors });
}

export function validationError(detail: string, errors: FieldError[]): HttpAnswer {
  return problemAnswer(422, 'validation-error', detail, { errors: errors.slice(0, 100) });
}
