import { Alert, Stack, Title } from '@mantine/core';
import { type RefObject } from 'react';
import { fr } from '../../i18n/fr';

export function ForbiddenSection({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  return (
    <Stack gap="md">
      <Title order={2} ref={headingRef} tabIndex={-1}>
        {fr.auth.forbiddenTitle}
      </Title>
      <Alert color="orange">{fr.auth.forbiddenText}</Alert>
    </Stack>
  );
}
