import { createHash } from 'node:crypto';
import { type Reason } from '../../shared/region-api/schemas';

/** The catalog the Region serves. Retired codes stay (active: false) so old decisions stay displayable. */
export const REASONS: readonly Reason[] = [
  { code: 'NOT_ENROLLED', labelFr: "Élève non inscrit dans l'établissement", appliesTo: 'PREVALIDATION', active: true },
  {
    code: 'WRONG_ESTABLISHMENT',
    labelFr: 'Demande adressée au mauvais établissement',
    appliesTo: 'PREVALIDATION',
    active: true,
  },
  {
    code: 'WRONG_TRAINING_TYPE',
    labelFr: 'Type de formation incorrect (lycée, LP ou apprentissage)',
    appliesTo: 'PREVALIDATION',
    active: true,
  },
  {
    code: 'IDENTITY_MISMATCH',
    labelFr: "Identité différente de celle connue de l'établissement",
    appliesTo: 'PREVALIDATION',
    active: true,
  },
  {
    code: 'INCOMPLETE_ADDRESS',
    labelFr: "Adresse incomplète (numéro d'appartement, nom sur la boîte aux lettres)",
    appliesTo: 'PREVALIDATION',
    active: true,
  },
  { code: 'DUPLICATE_REQUEST', labelFr: 'Demande en double', appliesTo: 'PREVALIDATION', active: true },
  { code: 'SCHOOLING_ENDED', labelFr: 'Scolarité terminée (motif retiré)', appliesTo: 'PREVALIDATION', active: false },
  { code: 'PHOTO_BLURRY', labelFr: 'Photo floue', appliesTo: 'PHOTO', active: true },
  { code: 'PHOTO_BACKGROUND', labelFr: 'Fond non uni ou non clair', appliesTo: 'PHOTO', active: true },
  { code: 'PHOTO_FACE_NOT_VISIBLE', labelFr: 'Visage non visible ou pas de face', appliesTo: 'PHOTO', active: true },
  { code: 'PHOTO_HEAD_COVERED', labelFr: 'Tête couverte', appliesTo: 'PHOTO', active: true },
  { code: 'PHOTO_MULTIPLE_PEOPLE', labelFr: 'Plusieurs personnes sur la photo', appliesTo: 'PHOTO', active: true },
  {
    code: 'PHOTO_TOO_SMALL',
    labelFr: 'Photo trop petite ou de trop faible résolution',
    appliesTo: 'PHOTO',
    active: true,
  },
  { code: 'PHOTO_NOT_A_PHOTO', labelFr: "Le fichier n'est pas une photo d'identité", appliesTo: 'PHOTO', active: true },
  { code: 'PHOTO_GLASSES', labelFr: 'Lunettes teintées ou reflets (motif retiré)', appliesTo: 'PHOTO', active: false },
];

export const REASONS_BY_CODE = new Map(REASONS.map((r) => [r.code, r]));

export const REASONS_ETAG = `"reasons-${createHash('sha256').update(JSON.stringify(REASONS)).digest('hex').slice(0, 16)}"`;
