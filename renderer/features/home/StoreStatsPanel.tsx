import { Group, Paper, Text, Title } from '@mantine/core';
import { fr } from '../../i18n/fr';
import { formatNumber } from '../../i18n/format';
import { useChannel } from '../../transport/ApiContext';

export function StoreStatsPanel() {
  const { data: stats, error, loading } = useChannel('store:stats');

  return (
    <section aria-labelledby="store-stats-title">
      <Title order={3} id="store-stats-title" mb="xs">
        {fr.home.statsTitle}
      </Title>
      {loading && !stats && <Text>{fr.app.loading}</Text>}
      {error && !stats && (
        <Text role="alert">
          {fr.home.statsUnavailable} {error.message}
        </Text>
      )}
      {stats && (
        <Group gap="md">
          <Paper withBorder p="md" miw={180}>
            <Text size="sm">{fr.home.requests}</Text>
            <Text size="xl" fw={700} data-testid="stats-requests">
              {formatNumber(stats.requests)}
            </Text>
          </Paper>
          <Paper withBorder p="md" miw={180}>
            <Text size="sm">{fr.home.cards}</Text>
            <Text size="xl" fw={700} data-testid="stats-cards">
              {formatNumber(stats.cards)}
            </Text>
          </Paper>
        </Group>
      )}
    </section>
  );
}
