/** What staff read about a decision the Region refused or could not take yet. French, no personal data. */

const FIELD_CODE_MESSAGES: Record<string, string> = {
  UNKNOWN_REASON_CODE: 'un motif est inconnu de la Région',
  REASON_RETIRED: 'un motif a été retiré par la Région',
  REASON_NOT_ALLOWED: 'un motif ne correspond pas à la décision',
  REASON_REQUIRED: 'un motif est obligatoire',
  TARGET_UAI_REQUIRED: 'l’établissement de réorientation est obligatoire',
  TARGET_UAI_NOT_ALLOWED: 'un établissement de réorientation n’est permis que pour une réorientation',
  UAI_UNKNOWN: 'l’établissement de réorientation est inconnu',
  TARGET_UAI_SAME_AS_CURRENT: 'l’établissement de réorientation est celui de la demande',
  DECIDED_AT_OUT_OF_RANGE: 'la date de décision est trop ancienne ou dans le futur (horloge du poste ?)',
};

export const DECISION_MESSAGES = {
  versionConflict:
    'La demande a changé à la Région depuis votre décision (nouvelle photo ou adresse). Revoyez-la puis décidez à nouveau.',
  alreadyDecided:
    'Cette demande a déjà été traitée par ailleurs (autre poste ou Région). Votre décision n’a pas été appliquée.',
  withdrawn: 'L’élève a retiré cette demande. Votre décision n’a pas été appliquée.',
  transferred: 'Cette demande a été transférée à un autre établissement. Votre décision n’a pas été appliquée.',
  vanished:
    'Cette demande n’est plus rattachée à votre établissement selon la Région. Votre décision n’a pas été appliquée.',
  notFound: 'La Région ne trouve pas cette demande pour votre établissement.',
  photoMissing: 'La Région refuse d’approuver une demande sans photo.',
  clientBug:
    'La Région a refusé l’envoi pour une raison technique (anomalie de l’application, consignée dans le journal). Contactez l’assistance.',
  refused: 'La Région a refusé cette décision.',
  keyInUse: 'La Région traite encore un envoi précédent de cette décision ; nouvel essai automatique.',
  retrying: 'La Région n’a pas répondu ; la décision sera renvoyée automatiquement.',
  undone: 'Décision annulée avant envoi.',
  dropped: 'Décision abandonnée.',
  replaced: 'Décision remplacée par une nouvelle décision.',
} as const;

/** A 422's field error codes turned into one French sentence. */
export function validationMessage(codes: readonly string[]): string {
  const parts = [...new Set(codes)].map((code) => FIELD_CODE_MESSAGES[code] ?? `règle ${code}`);
  if (parts.length === 0) return DECISION_MESSAGES.refused;
  return `La Région a refusé cette décision : ${parts.join(' ; ')}.`;
}
