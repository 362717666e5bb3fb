/**
 * Every string shown to staff. Components read from this typed catalog only, so a missing or
 * misspelt key is a compile error and a later translation is a matter of one file.
 */
import { type AppMode, type ConnectionState, type SyncPhase, type SyncStatus } from '../../shared/ipc/contract';
import { type ErrorCode } from '../../shared/ipc/result';
import { type TrainingType } from '../../shared/region-api/schemas';
import { type StudentSearchHit } from '../../shared/schemas/domain';

type HitStatus = StudentSearchHit['status'];
type SyncStep = NonNullable<SyncStatus['progress']>['step'];

export const fr = {
  app: {
    title: 'Carte Génération #HDF',
    subtitle: 'Poste établissement',
    skipLink: 'Aller au contenu',
    loading: 'Chargement…',
    demoBadge: 'Mode démonstration — données fictives',
    schoolYear: (year: string) => `Année scolaire ${year}`,
    noSchoolYear: 'Année scolaire inconnue',
    establishmentsLabel: 'Établissements',
    noEstablishment: 'Aucun établissement rattaché',
    antenna: (name: string) => `Antenne : ${name}`,
    infoUnavailable: 'Les informations du poste sont indisponibles.',
    retry: 'Réessayer',
    openMenu: 'Ouvrir le menu des sections',
    closeMenu: 'Fermer le menu des sections',
    version: (v: string) => `Version ${v}`,
  },
  nav: {
    label: 'Sections',
    home: 'Accueil',
    prevalidation: 'Pré-validation',
    photos: 'Photos',
    revalidation: 'Revalidation',
    conflicts: 'Conflits et erreurs',
    settings: 'Paramètres',
  },
  upcoming: {
    notice: 'Cette section arrive dans une prochaine version de l’application.',
    prevalidation:
      'Vous y examinerez les demandes de carte déposées pour votre établissement : identité, formation et photo, puis vous les pré-validerez, les refuserez avec un motif ou les réorienterez vers le bon établissement, même hors ligne.',
    photos:
      'Vous y contrôlerez les photos d’identité des demandes (netteté, exposition, fond, cadrage) avant leur envoi au prestataire et à la Région.',
    revalidation:
      'Vous y revaliderez, avec le numéro de carte ou de dossier, les droits des élèves qui restent dans l’établissement pour la nouvelle année scolaire.',
    conflicts:
      'Vous y retrouverez les décisions refusées par l’API de la Région ou modifiées entre-temps par un autre poste, pour les reprendre une à une.',
  },
  sync: {
    regionLabel: 'État de la synchronisation',
    connection: {
      unknown: 'État inconnu',
      online: 'En ligne',
      offline: 'Hors ligne',
      'needs-credentials': 'Identifiants requis',
      unconfigured: 'Non configuré',
    } satisfies Record<ConnectionState, string>,
    phase: {
      idle: 'À jour',
      syncing: 'Synchronisation…',
      offline: 'Hors ligne',
      error: 'Erreur de synchronisation',
      'needs-credentials': 'Identifiants requis',
      unconfigured: 'Non configuré',
    } satisfies Record<SyncPhase, string>,
    step: {
      reference: 'Référentiels',
      requests: 'Demandes',
      cards: 'Cartes',
      photos: 'Photos',
      push: 'Envoi des décisions',
    } satisfies Record<SyncStep, string>,
    progress: (step: string, done: string, total: string | null) =>
      total === null ? `${step} : ${done} reçu(s)` : `${step} : ${done} / ${total}`,
    lastContact: (when: string) => `Dernier contact : ${when}`,
    neverContacted: 'Aucun contact avec la Région',
    lastSync: (when: string) => `Dernière synchronisation : ${when}`,
    neverSynced: 'Jamais synchronisé',
    counts: (pending: string, conflicts: string, errors: string) =>
      `En attente : ${pending} · Conflits : ${conflicts} · Erreurs : ${errors}`,
    oldestPending: (when: string) => `La plus ancienne décision en attente date du ${when}`,
    syncNow: 'Synchroniser maintenant',
    exportPending: 'Exporter les décisions en attente (CSV)',
    exportDone: (rows: string, fileName: string) => `${rows} décision(s) exportée(s) dans ${fileName}`,
    check: 'Vérifier la connexion',
    checking: 'Vérification…',
    unavailable: 'État de la synchronisation indisponible',
    announce: (state: string) => `Synchronisation : ${state}`,
  },
  home: {
    title: 'Accueil',
    statsTitle: 'Données du poste',
    requests: 'Demandes de carte',
    cards: 'Cartes',
    statsUnavailable: 'Les chiffres du poste sont indisponibles.',
    searchTitle: 'Rechercher un élève',
    searchLabel: 'Nom, prénom, n° de dossier, n° de carte ou INE',
    searchHint: 'Les accents et les majuscules sont ignorés.',
    searching: 'Recherche en cours…',
    noResult: 'Aucun élève ne correspond à cette recherche.',
    resultCount: (count: string) => `${count} résultat(s)`,
    resultsCaption: 'Résultats de la recherche',
    searchFailed: 'La recherche a échoué.',
    columns: {
      lastName: 'Nom',
      firstName: 'Prénom',
      birthDate: 'Date de naissance',
      fileNumber: 'N° de dossier',
      cardNumber: 'N° de carte',
      status: 'Statut',
      training: 'Formation',
    },
    none: '—',
  },
  status: {
    SUBMITTED: 'Déposée, à pré-valider',
    PREVALIDATED: 'Pré-validée',
    REJECTED: 'Refusée',
    REDIRECTED: 'Réorientée',
    PHOTO_REJECTED: 'Photo refusée',
    VALIDATED: 'Validée',
    CARD_IN_PRODUCTION: 'Carte en fabrication',
    CARD_SENT: 'Carte envoyée',
    WITHDRAWN: 'Demande retirée',
    TRANSFERRED: 'Transférée',
    ACTIVE: 'Carte active',
    EXPIRED: 'Carte expirée',
    LOST: 'Carte perdue',
    BLOCKED: 'Carte bloquée',
  } satisfies Record<HitStatus, string>,
  training: {
    LYCEE: 'Lycée',
    LP: 'Lycée professionnel',
    APPRENTICE: 'Apprentissage',
  } satisfies Record<TrainingType, string>,
  settings: {
    title: 'Paramètres',
    connectionTitle: 'Connexion à l’API de la Région',
    modeLabel: 'Mode actuel',
    mode: {
      demo: 'Démonstration (simulateur intégré)',
      live: 'API de la Région',
      unconfigured: 'Non configuré',
    } satisfies Record<AppMode, string>,
    demoExplanation:
      'Aucune API de la Région n’est configurée : l’application fonctionne avec le simulateur intégré et des données fictives.',
    unconfiguredExplanation:
      'La configuration est incomplète : renseignez l’adresse de l’API, l’identifiant client et le secret client fournis par la Région.',
    url: 'Adresse de l’API de la Région',
    urlDescription: 'Adresse https:// fournie par la Région. Laissez vide pour revenir au mode démonstration.',
    urlInvalid:
      'Adresse invalide : elle doit commencer par https:// (http:// n’est accepté que pour une adresse locale comme 127.0.0.1 ou localhost), sans identifiants ni ancre (#).',
    urlTooLong: 'Adresse trop longue (500 caractères au plus).',
    clientId: 'Identifiant client',
    clientIdTooLong: 'Identifiant trop long (64 caractères au plus).',
    clientSecret: 'Secret client',
    clientSecretTooLong: 'Secret trop long (256 caractères au plus).',
    secretStored: 'Un secret est enregistré.',
    noSecretStored: 'Aucun secret n’est enregistré.',
    secretKeepHint: 'Laissez vide pour conserver le secret enregistré ; saisissez-en un pour le remplacer.',
    secretNewHint: 'Saisissez le secret client fourni par la Région.',
    eraseSecret: 'Effacer le secret enregistré',
    fromEnvironment: (variable: string) =>
      `Valeur fixée par la variable d’environnement ${variable} : elle ne se modifie pas ici.`,
    secretFromEnvironment:
      'Le secret client est fourni par la variable d’environnement REGION_CLIENT_SECRET : il ne se modifie pas ici.',
    save: 'Enregistrer',
    saving: 'Enregistrement…',
    saved: 'Paramètres enregistrés.',
    saveFailed: 'Les paramètres n’ont pas été enregistrés.',
    test: 'Tester la connexion',
    testing: 'Test en cours…',
    testResult: (state: string) => `Résultat du test : ${state}`,
    loadFailed: 'Les paramètres sont indisponibles.',
    formErrors: 'Le formulaire contient des erreurs : corrigez les champs signalés.',
    close: 'Fermer le message',
  },
  errors: {
    title: 'Erreur',
    invalidInput: 'La demande envoyée aux services est invalide.',
    invalidAnswer: 'Les services ont renvoyé une réponse illisible.',
    unreachable: 'Les services de l’application ne répondent pas.',
    unauthorized: 'Accès refusé : rouvrez l’application avec l’adresse complète affichée par le poste.',
    noTransport: 'Aucun accès aux services : ouvrez l’application depuis le poste ou l’hôte local.',
    codes: {
      INVALID_INPUT: 'Saisie invalide.',
      UNKNOWN_CHANNEL: 'Fonction inconnue des services.',
      UNAUTHORIZED: 'Accès refusé.',
      FORBIDDEN: 'Action interdite.',
      NOT_FOUND: 'Élément introuvable.',
      CONFLICT: 'Conflit avec une modification plus récente.',
      UNAVAILABLE: 'Service indisponible.',
      INTERNAL: 'Erreur interne des services.',
    } satisfies Record<ErrorCode, string>,
  },
} as const;
