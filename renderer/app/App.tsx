/**
 * The shell, behind the sign-in gate: skip link, header (identity, mode, sync), the sections the
 * member's role may use and the current section.
 * Focus moves to the new section's heading on navigation so keyboard and screen-reader users land
 * on the content, not back at the top of the page.
 */
import { AppShell } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type MouseEvent, useEffect, useRef } from 'react';
import { AdminPage } from '../features/admin/AdminPage';
import { AuthGate } from '../features/auth/AuthGate';
import { useSession } from '../features/auth/SessionContext';
import { ForbiddenSection } from '../features/auth/ForbiddenSection';
import { ConflictsPage } from '../features/conflicts/ConflictsPage';
import { HomePage } from '../features/home/HomePage';
import { PhotosPage } from '../features/photos/PhotosPage';
import { PrevalidationPage } from '../features/prevalidation/PrevalidationPage';
import { RevalidationPage } from '../features/revalidation/RevalidationPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { fr } from '../i18n/fr';
import { AppHeader } from './AppHeader';
import { AppInfoProvider } from './AppInfoContext';
import { AppNav } from './AppNav';
import { type Section, sectionAllowed } from './sections';
import { SyncStatusProvider } from './SyncStatusContext';
import { useHashSection } from './useHashSection';

const MAIN_ID = 'contenu';

function SectionContent({
  section,
  headingRef,
}: {
  section: Section;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
}) {
  const { member } = useSession();
  // A typed or bookmarked address to a section of another role: say so (the services refuse anyway).
  if (!sectionAllowed(section, member.role)) return <ForbiddenSection headingRef={headingRef} />;
  switch (section) {
    case 'home':
      return <HomePage headingRef={headingRef} />;
    case 'settings':
      return <SettingsPage headingRef={headingRef} />;
    case 'prevalidation':
      return <PrevalidationPage headingRef={headingRef} />;
    case 'conflicts':
      return <ConflictsPage headingRef={headingRef} />;
    case 'admin':
      return <AdminPage headingRef={headingRef} />;
    case 'revalidation':
      return <RevalidationPage headingRef={headingRef} />;
    case 'photos':
      return <PhotosPage headingRef={headingRef} />;
  }
}

export function App() {
  return (
    <AuthGate>
      <SignedInApp />
    </AuthGate>
  );
}

function SignedInApp() {
  const section = useHashSection();
  const [navOpened, nav] = useDisclosure(false);
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const mainRef = useRef<HTMLElement | null>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    document.title = `${fr.nav[section]} — ${fr.app.title}`;
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [section]);

  function skipToContent(event: MouseEvent<HTMLAnchorElement>) {
    // The hash holds the route: focus the main region instead of letting the link rewrite it.
    event.preventDefault();
    (headingRef.current ?? mainRef.current)?.focus();
  }

  return (
    <AppInfoProvider>
      <SyncStatusProvider>
        <a href={`#${MAIN_ID}`} className="skip-link" onClick={skipToContent}>
          {fr.app.skipLink}
        </a>
        <AppShell
          header={{ height: { base: 232, md: 116 } }}
          navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
          padding="md"
        >
          <AppShell.Header>
            <AppHeader navOpened={navOpened} onToggleNav={nav.toggle} />
          </AppShell.Header>
          <AppShell.Navbar p="xs" id="app-navbar" aria-label={fr.nav.label}>
            <AppNav current={section} onNavigate={nav.close} />
          </AppShell.Navbar>
          <AppShell.Main id={MAIN_ID} ref={mainRef} tabIndex={-1}>
            <SectionContent section={section} headingRef={headingRef} />
          </AppShell.Main>
        </AppShell>
      </SyncStatusProvider>
    </AppInfoProvider>
  );
}
