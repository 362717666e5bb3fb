/** The app's sections and their address in the hash (`#/parametres`), so a reload keeps the screen. */
import {
  ADMINISTRATOR,
  ANY_STAFF,
  type ChannelAccess,
  roleMayCall,
  SECRETARIAT,
  type StaffRole,
} from '../../shared/ipc/access';
import { fr } from '../i18n/fr';

export const SECTIONS = ['home', 'prevalidation', 'photos', 'revalidation', 'conflicts', 'settings', 'admin'] as const;
export type Section = (typeof SECTIONS)[number];

const SLUGS: Record<Section, string> = {
  home: 'accueil',
  prevalidation: 'pre-validation',
  photos: 'photos',
  revalidation: 'revalidation',
  conflicts: 'conflits',
  settings: 'parametres',
  admin: 'administration',
};

/**
 * Who sees a section: the same role sets as the channels it calls (the services refuse the calls
 * anyway; hiding the link keeps the antenna's screen to what it may do).
 */
const SECTION_ACCESS: Record<Section, ChannelAccess> = {
  home: ANY_STAFF,
  prevalidation: SECRETARIAT,
  photos: SECRETARIAT,
  revalidation: SECRETARIAT,
  conflicts: SECRETARIAT,
  settings: ADMINISTRATOR,
  admin: ADMINISTRATOR,
};

export function sectionAllowed(section: Section, role: StaffRole): boolean {
  return roleMayCall(SECTION_ACCESS[section], role);
}

export function sectionsFor(role: StaffRole): Section[] {
  return SECTIONS.filter((section) => sectionAllowed(section, role));
}

export function sectionHref(section: Section): string {
  return `#/${SLUGS[section]}`;
}

export function sectionFromHash(hash: string): Section {
  const slug = hash.replace(/^#\/?/, '');
  return SECTIONS.find((section) => SLUGS[section] === slug) ?? 'home';
}

export function sectionLabel(section: Section): string {
  return fr.nav[section];
}
