/** Returning students' revalidation: the desk, the roster (by class) and the daily record. */
import { Stack, Tabs, Text, Title } from '@mantine/core';
import { type RefObject } from 'react';
import { useAppInfo } from '../../app/AppInfoContext';
import { fr } from '../../i18n/fr';
import { formatDate } from '../../i18n/format';
import { DeskPanel } from './DeskPanel';
import { RosterPanel } from './RosterPanel';
import { TodayPanel } from './TodayPanel';

export function RevalidationPage({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  const t = fr.revalidation;
  const info = useAppInfo().data;
  const year = info?.currentSchoolYear ?? null;
  const wallet = info?.walletValidity ?? null;
  return (
    <Stack gap="md">
      <Title order={2} ref={headingRef} tabIndex={-1}>
        {t.title}
      </Title>
      <Text>{t.intro}</Text>
      <Text fw={600} data-testid="reval-year">
        {year ? t.yearLine(year) : t.noYear}
      </Text>
      {wallet && (
        <Text data-testid="reval-wallet-dates">{t.walletLine(formatDate(wallet.from), formatDate(wallet.to))}</Text>
      )}
      <Tabs defaultValue="desk" keepMounted={false}>
        <Tabs.List aria-label={t.tabs.label}>
          <Tabs.Tab value="desk">{t.tabs.desk}</Tabs.Tab>
          <Tabs.Tab value="roster">{t.tabs.roster}</Tabs.Tab>
          <Tabs.Tab value="today">{t.tabs.today}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="desk" pt="md">
          <DeskPanel schoolYear={year} />
        </Tabs.Panel>
        <Tabs.Panel value="roster" pt="md">
          <RosterPanel schoolYear={year} />
        </Tabs.Panel>
        <Tabs.Panel value="today" pt="md">
          <TodayPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
