/** The frame of the screens shown before the app (first run, sign-in, lock): title, a card, a form. */
import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, type RefObject } from 'react';
import { fr } from '../../i18n/fr';

interface GateScreenProps {
  heading: string;
  intro: string;
  headingRef?: RefObject<HTMLHeadingElement | null>;
  children: ReactNode;
}

export function GateScreen({ heading, intro, headingRef, children }: GateScreenProps) {
  return (
    <Center component="main" mih="100vh" p="md" id="contenu">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={480}>
        <Stack gap="md">
          <Stack gap={2}>
            <Title order={1} size="h3">
              {fr.app.title}
            </Title>
            <Text size="sm" fw={500}>
              {fr.app.subtitle}
            </Text>
          </Stack>
          <Title order={2} size="h4" ref={headingRef} tabIndex={-1}>
            {heading}
          </Title>
          <Text size="sm">{intro}</Text>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}
