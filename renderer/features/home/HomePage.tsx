import { Stack, Title } from '@mantine/core';
import { type RefObject } from 'react';
import { fr } from '../../i18n/fr';
import { StoreStatsPanel } from './StoreStatsPanel';
import { StudentSearch } from './StudentSearch';

export function HomePage({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  return (
    <Stack gap="xl">
      <Title order={2} ref={headingRef} tabIndex={-1}>
        {fr.home.title}
      </Title>
      <StoreStatsPanel />
      <StudentSearch />
    </Stack>
  );
}
