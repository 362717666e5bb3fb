/** What staff read in the status line. French, short, and never any personal data. */

export const STATUS_MESSAGES = {
  unknown: 'Connexion à la Région en cours de vérification…',
  offline: 'Hors ligne : le service de la Région ne répond pas. Vos décisions restent enregistrées sur ce poste.',
  unexpected: 'Hors ligne : la Région a répondu de façon inattendue. Vos décisions restent enregistrées sur ce poste.',
  badCredentials: 'Identifiants refusés par la Région : vérifiez l’identifiant et le secret client dans les réglages.',
  forbidden: 'La Région refuse l’accès à ce poste : vérifiez les droits du client auprès de la Région.',
  unconfigured:
    'Connexion à la Région non configurée : renseignez l’identifiant et le secret client dans les réglages.',
} as const;

/** Above this difference with the Region's clock, decisions may be refused (decidedAt checks). */
export const CLOCK_SKEW_WARNING_MS = 2 * 60_000;

export function clockSkewMessage(skewMs: number): string | null {
  if (Math.abs(skewMs) <= CLOCK_SKEW_WARNING_MS) return null;
  const minutes = Math.round(Math.abs(skewMs) / 60_000);
  return `Horloge du poste décalée de ${minutes} min par rapport à la Région : vérifiez l’heure de ce poste.`;
}
