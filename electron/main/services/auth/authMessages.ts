/** The French messages of sign-in and staff management (services side: they travel in the Result). */
export const AUTH_MESSAGES = {
  badCredentials: 'Identifiant ou mot de passe incorrect.',
  badPassword: 'Mot de passe incorrect.',
  setupDone: 'Le compte administrateur a déjà été créé : connectez-vous avec un compte existant.',
  notLocked: 'La session n’est pas verrouillée.',
  notSignedIn: 'Aucun membre du personnel n’est connecté sur ce poste : connectez-vous pour continuer.',
  locked: 'Session verrouillée : saisissez de nouveau votre mot de passe pour continuer.',
  loginTaken: 'Cet identifiant est déjà utilisé par un autre compte.',
  unknownStaff: 'Ce compte n’existe pas.',
  lastAdministrator:
    'Impossible : il doit rester au moins un administrateur actif sur ce poste. Créez-en un autre d’abord.',
  forbidden: (role: string) => `Action refusée : votre rôle (${role}) ne permet pas cette opération.`,
  tooMany: (waitMs: number) =>
    `Trop de tentatives échouées : réessayez dans ${formatWait(waitMs)}. Si vous avez oublié votre mot de passe, ` +
    'demandez à l’administrateur de le réinitialiser.',
} as const;

export const ROLE_LABELS = { administrator: 'administrateur', secretariat: 'secrétariat', antenna: 'antenne' } as const;

function formatWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  return `${Math.ceil(seconds / 60)} min`;
}
