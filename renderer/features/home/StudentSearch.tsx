import { Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { fr } from '../../i18n/fr';
import { formatNumber } from '../../i18n/format';
import { StudentResultsTable } from './StudentResultsTable';
import { useStudentSearch } from './useStudentSearch';

export function StudentSearch() {
  const [query, setQuery] = useState('');
  const { result, error, searching, answeredQuery } = useStudentSearch(query);

  let summary = '';
  if (searching) summary = fr.home.searching;
  else if (error) summary = `${fr.home.searchFailed} ${error.message}`;
  else if (result && result.hits.length === 0) summary = fr.home.noResult;
  else if (result) summary = fr.home.resultCount(formatNumber(result.hits.length));

  return (
    <section aria-labelledby="student-search-title">
      <Stack gap="sm">
        <Title order={3} id="student-search-title">
          {fr.home.searchTitle}
        </Title>
        <TextInput
          type="search"
          label={fr.home.searchLabel}
          description={fr.home.searchHint}
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
          maxLength={100}
          autoComplete="off"
          spellCheck={false}
          maw={520}
        />
        <Text role="status" aria-live="polite" size="sm" data-testid="search-summary" data-query={answeredQuery}>
          {summary}
        </Text>
        {result && result.hits.length > 0 && !searching && <StudentResultsTable hits={result.hits} />}
      </Stack>
    </section>
  );
}
