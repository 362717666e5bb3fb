/** The French sentences staff read about revalidations and look-ups (no personal data in them). */
import { type RevalidationEligibility } from '../../../../shared/schemas/revalidation';

export const ELIGIBILITY_MESSAGES: Record<RevalidationEligibility, string> = {
  DUE: 'Carte à revalider pour l’année scolaire en cours.',
  ALREADY_THIS_YEAR: 'Cette carte est déjà revalidée cette année par votre établissement : rien à faire.',
  ELSEWHERE_THIS_YEAR:
    'Cette carte a déjà été revalidée cette année par un autre établissement. Seule la Région peut annuler cette revalidation : orientez l’élève vers son antenne.',
  LOST: 'Cette carte a été déclarée perdue : elle ne peut pas être revalidée. L’élève doit demander une nouvelle carte (carte perdue) sur le site de la Région ou à son antenne.',
  BLOCKED:
    'Cette carte est bloquée par la Région : revalidation refusée. L’élève doit contacter son antenne de la Région pour connaître le motif du blocage.',
  EXPIRED: 'Cette carte a expiré : elle ne peut pas être revalidée. L’élève doit demander une nouvelle carte.',
  NOT_OPEN: 'La revalidation pour l’année scolaire en cours n’est pas encore ouverte par la Région.',
  NO_SCHOOL_YEAR:
    'Ce poste n’a encore jamais joint la Région : l’année scolaire à revalider est inconnue. Synchronisez une première fois.',
};

export const REVALIDATION_MESSAGES = {
  recorded: 'Revalidation enregistrée ; elle sera envoyée à la Région.',
  alreadyPending: 'Cette carte est déjà revalidée sur ce poste pour cette année (en attente d’envoi ou envoyée).',
  notInRoster: 'Cette carte n’est pas dans les données de ce poste. Recherchez-la avec la date de naissance.',
  notOwnUai: 'Cet établissement n’est pas rattaché à ce poste.',
  retrying: 'Région injoignable ou occupée : nouvel essai automatique.',
  keyInUse: 'La Région traite encore un premier envoi de cette revalidation : nouvel essai automatique.',
  elsewhere: 'Conflit : la Région indique que cette carte a déjà été revalidée cette année par un autre établissement.',
  wrongYear:
    'La Région a refusé : l’année scolaire n’est plus la bonne (changement d’année). Synchronisez puis revalidez à nouveau.',
  notOpen: 'La Région a refusé : la revalidation de cette année n’est pas encore ouverte.',
  lost: 'La Région a refusé : carte déclarée perdue. L’élève doit demander une nouvelle carte.',
  blocked: 'La Région a refusé : carte bloquée. L’élève doit contacter son antenne de la Région.',
  expired: 'La Région a refusé : carte expirée. L’élève doit demander une nouvelle carte.',
  notFound: 'La Région ne connaît pas (ou plus) cette carte.',
  invalid: 'La Région a refusé cette revalidation comme invalide. Contactez l’assistance avec le fichier du jour.',
  clientBug: 'Erreur du poste lors de l’envoi (signalée dans le journal). Contactez l’assistance.',
  forbidden: 'La Région refuse cet établissement pour ce poste : vérifiez la configuration.',
} as const;

export const LOOKUP_MESSAGES = {
  pending:
    'Hors ligne : la recherche est enregistrée et sera faite auprès de la Région à la prochaine synchronisation.',
  found: 'Carte trouvée auprès de la Région.',
  foundAndRecorded: 'Carte trouvée à la synchronisation ; la revalidation demandée a été enregistrée.',
  notFound:
    'Carte inconnue de la Région ou date de naissance incorrecte : vérifiez avec l’élève (numéro et date de naissance).',
  badRequest: 'La Région a refusé la recherche (numéro ou date mal formés).',
  rateLimited: 'Trop de recherches auprès de la Région cette heure-ci : nouvel essai plus tard.',
  ineNotSearchable:
    'Cet INE n’est pas dans les données de ce poste. La Région ne cherche que par numéro de carte ou de dossier : demandez l’un des deux à l’élève.',
} as const;
