/** Who this workstation is for (establishments and UAIs), which mode it runs in, and the sync state. */
import { Badge, Burger, Flex, Group, Stack, Text, Title } from '@mantine/core';
import { type AppInfo } from '../../shared/ipc/contract';
import { fr } from '../i18n/fr';
import { useAppInfo } from './AppInfoContext';
import { SyncIndicator } from './SyncIndicator';
import { DEMO_BADGE_COLOR } from './theme';

export function establishmentsLine(info: AppInfo): string {
  if (info.establishments.length === 0) {
    return info.antennaName ? fr.app.antenna(info.antennaName) : fr.app.noEstablishment;
  }
  return info.establishments.map((e) => `${e.name} (${e.uai})`).join(' · ');
}

interface AppHeaderProps {
  navOpened: boolean;
  onToggleNav: () => void;
}

export function AppHeader({ navOpened, onToggleNav }: AppHeaderProps) {
  const { data: info, error } = useAppInfo();

  return (
    <Flex
      direction={{ base: 'column', md: 'row' }}
      justify="space-between"
      align="flex-start"
      px="md"
      py="xs"
      gap={{ base: 'xs', md: 'lg' }}
      h="100%"
    >
      <Group align="flex-start" wrap="nowrap" gap="sm" style={{ flex: '1 1 auto', minWidth: 0 }}>
        <Burger
          opened={navOpened}
          onClick={onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label={navOpened ? fr.app.closeMenu : fr.app.openMenu}
          aria-expanded={navOpened}
          aria-controls="app-navbar"
        />
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="sm" wrap="wrap">
            <Title order={1} size="h3">
              {fr.app.title}
            </Title>
            <Text size="sm" fw={500}>
              {fr.app.subtitle}
            </Text>
          </Group>
          <Group gap="sm" wrap="wrap">
            {info?.mode === 'demo' && (
              <Badge color={DEMO_BADGE_COLOR} variant="filled" size="md" data-testid="demo-badge">
                {fr.app.demoBadge}
              </Badge>
            )}
            {info && (
              <Text size="sm" data-testid="school-year">
                {info.currentSchoolYear ? fr.app.schoolYear(info.currentSchoolYear) : fr.app.noSchoolYear}
              </Text>
            )}
          </Group>
          <Text size="sm" data-testid="establishments">
            {info ? establishmentsLine(info) : error ? fr.app.infoUnavailable : fr.app.loading}
          </Text>
        </Stack>
      </Group>
      <SyncIndicator />
    </Flex>
  );
}
