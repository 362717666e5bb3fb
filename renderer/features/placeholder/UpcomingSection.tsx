/** A section that is not built yet: says plainly what it will hold, shows no data. */
import { Stack, Text, Title } from '@mantine/core';
import { type RefObject } from 'react';
import { fr } from '../../i18n/fr';

interface UpcomingSectionProps {
  title: string;
  purpose: string;
  headingRef: RefObject<HTMLHeadingElement | null>;
}

export function UpcomingSection({ title, purpose, headingRef }: UpcomingSectionProps) {
  return (
    <Stack gap="md" maw={720}>
      <Title order={2} ref={headingRef} tabIndex={-1}>
        {title}
      </Title>
      <Text>{purpose}</Text>
      <Text fw={500}>{fr.upcoming.notice}</Text>
    </Stack>
  );
}
