/**
 * The queue's search and filters. The search box keeps its own text and hands it on after a short
 * pause, so typing stays instant whatever the queue's size; every other filter applies at once.
 */
import { Button, Group, NativeSelect, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { type QueueFilter } from '../../../shared/ipc/contract';
import { TRAINING_TYPES } from '../../../shared/region-api/schemas';
import { fr } from '../../i18n/fr';

/**
 * Long enough to coalesce a burst (a paste, a held key, a barcode scanner), well under the gap
 * between two keys typed by hand: the results follow the last key within the 100 ms staff perceive
 * as instant. A queue page with its counters costs the services a few milliseconds.
 */
const SEARCH_DEBOUNCE_MS = 30;

type Tri = 'any' | 'yes' | 'no';

function toTri(value: boolean | undefined): Tri {
  return value === undefined ? 'any' : value ? 'yes' : 'no';
}

function fromTri(value: string): boolean | undefined {
  return value === 'yes' ? true : value === 'no' ? false : undefined;
}

function triData(labels: Record<Tri, string>) {
  return (['any', 'yes', 'no'] as const).map((value) => ({ value, label: labels[value] }));
}

/** Returns a copy without the key when the value is empty: the contract's filter has no nulls. */
function withValue<K extends keyof QueueFilter>(filter: QueueFilter, key: K, value: QueueFilter[K] | undefined) {
  const next = { ...filter };
  if (value === undefined || value === '') delete next[key];
  else next[key] = value;
  return next;
}

interface QueueFiltersProps {
  filter: QueueFilter;
  /**
   * Applied to the filter as it is when React applies it, not as this render saw it: the search's
   * delayed hand-over and a select changed meanwhile must not undo each other (a search cleared just
   * before a filter change came back with it).
   */
  onChange: (update: (current: QueueFilter) => QueueFilter) => void;
}

export function QueueFilters({ filter, onChange }: QueueFiltersProps) {
  const t = fr.prevalidation;
  const [search, setSearch] = useState(filter.search ?? '');
  const [prevSearch, setPrevSearch] = useState(filter.search ?? '');

  // Follow outside changes of the filter (reset, restored state) without an effect.
  if ((filter.search ?? '') !== prevSearch) {
    setPrevSearch(filter.search ?? '');
    setSearch(filter.search ?? '');
  }

  useEffect(() => {
    if (search === (filter.search ?? '')) return;
    const timer = window.setTimeout(
      () => onChange((current) => withValue(current, 'search', search.trim() || undefined)),
      SEARCH_DEBOUNCE_MS,
    );
    return () => window.clearTimeout(timer);
  }, [search, filter, onChange]);

  const set = <K extends keyof QueueFilter>(key: K, value: QueueFilter[K] | undefined) =>
    onChange((current) => withValue(current, key, value));

  return (
    <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
      <legend className="visually-hidden">{t.filtersLabel}</legend>
      <Group gap="sm" align="end" wrap="wrap">
        <TextInput
          type="search"
          label={t.search}
          description={t.searchHint}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          maxLength={100}
          w={300}
          data-testid="queue-search"
        />
        <NativeSelect
          label={t.trainingType}
          value={filter.trainingType ?? ''}
          data={[
            { value: '', label: t.anyTraining },
            ...TRAINING_TYPES.map((v) => ({ value: v, label: fr.training[v] })),
          ]}
          onChange={(event) =>
            set('trainingType', (event.currentTarget.value || undefined) as QueueFilter['trainingType'])
          }
        />
        <TextInput
          label={t.classLabel}
          value={filter.classLabel ?? ''}
          maxLength={60}
          w={110}
          onChange={(event) => set('classLabel', event.currentTarget.value || undefined)}
        />
        <TextInput
          type="date"
          label={t.submittedFrom}
          value={filter.submittedFrom ?? ''}
          onChange={(event) => set('submittedFrom', event.currentTarget.value || undefined)}
        />
        <TextInput
          type="date"
          label={t.submittedTo}
          value={filter.submittedTo ?? ''}
          onChange={(event) => set('submittedTo', event.currentTarget.value || undefined)}
        />
        <NativeSelect
          label={t.returning}
          value={toTri(filter.returning)}
          data={triData(t.tri)}
          onChange={(event) => set('returning', fromTri(event.currentTarget.value))}
        />
        <NativeSelect
          label={t.hasPhoto}
          value={toTri(filter.hasPhoto)}
          data={triData(t.triPhoto)}
          onChange={(event) => set('hasPhoto', fromTri(event.currentTarget.value))}
        />
        <NativeSelect
          label={t.addressIncomplete}
          value={toTri(filter.addressIncomplete)}
          data={triData(t.triAddress)}
          onChange={(event) => set('addressIncomplete', fromTri(event.currentTarget.value))}
        />
        <NativeSelect
          label={t.sort}
          value={filter.sort ?? 'submittedAsc'}
          data={(['submittedAsc', 'submittedDesc', 'nameAsc'] as const).map((v) => ({ value: v, label: t.sorts[v] }))}
          onChange={(event) => set('sort', event.currentTarget.value as QueueFilter['sort'])}
        />
        <Button variant="subtle" onClick={() => onChange((current) => ({ view: current.view }))}>
          {t.resetFilters}
        </Button>
      </Group>
    </fieldset>
  );
}
