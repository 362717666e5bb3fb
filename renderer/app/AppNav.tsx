import { Divider, NavLink } from '@mantine/core';
import { SessionControls } from '../features/auth/SessionControls';
import { useSession } from '../features/auth/SessionContext';
import { fr } from '../i18n/fr';
import { type Section, sectionHref, sectionLabel, sectionsFor } from './sections';

interface AppNavProps {
  current: Section;
  onNavigate: () => void;
}

/** The sections the member's role may use (the antenna sees no pre-validation, photos, revalidation, conflicts nor settings). */
export function AppNav({ current, onNavigate }: AppNavProps) {
  const { member } = useSession();
  return (
    <>
      <ul aria-label={fr.nav.label} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {sectionsFor(member.role).map((section) => (
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
      <Divider my="sm" />
      <SessionControls />
    </>
  );
}
