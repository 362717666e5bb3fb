/** The app's sections and their address in the hash (`#/parametres`), so a reload keeps the screen. */
import { fr } from '../i18n/fr';

export const SECTIONS = ['home', 'prevalidation', 'photos', 'revalidation', 'conflicts', 'settings'] as const;
export type Section = (typeof SECTIONS)[number];

const SLUGS: Record<Section, string> = {
  home: 'accueil',
  prevalidation: 'pre-validation',
  photos: 'photos',
  revalidation: 'revalidation',
  conflicts: 'conflits',
  settings: 'parametres',
};

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
