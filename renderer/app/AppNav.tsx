import { NavLink } from '@mantine/core';
import { fr } from '../i18n/fr';
import { type Section, SECTIONS, sectionHref, sectionLabel } from './sections';

interface AppNavProps {
  current: Section;
  onNavigate: () => void;
}

export function AppNav({ current, onNavigate }: AppNavProps) {
  return (
    <ul aria-label={fr.nav.label} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {SECTIONS.map((section) => (
        <li key={section}>
          <NavLink
            component="a"
            href={sectionHref(section)}
            label={sectionLabel(section)}
            active={section === current}
            aria-current={section === current ? 'page' : undefined}
            onClick={onNavigate}
            variant="filled"
          />
        </li>
      ))}
    </ul>
  );
}
