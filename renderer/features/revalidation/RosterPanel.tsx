/**
 * The roster of returning students' cards (local store, works offline): filters, search, a
 * virtualized list read page by page, and a selection revalidated as one confirmed batch — for
 * example all of last year's 2nde of the LP.
 */
import { Alert, Button, Checkbox, Group, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import { TRAINING_TYPES, type TrainingType } from '../../../shared/region-api/schemas';
import { type RosterFilter, type RosterRow } from '../../../shared/schemas/revalidation';
import { fr } from '../../i18n/fr';
import { formatNumber } from '../../i18n/format';
import { useApi } from '../../transport/ApiContext';

const PAGE = 100;
const ROW_HEIGHT = 40;

type Filter = Omit<RosterFilter, 'revalidated' | 'status'> & {
  revalidated: RosterFilter['revalidated'];
  status: RosterFilter['status'];
};

export function RosterPanel({ schoolYear }: { schoolYear: string | null }) {
  const api = useApi();
  const t = fr.revalidation.roster;
  const [filter, setFilter] = useState<Filter>({ revalidated: 'no', status: 'ACTIVE' });
  const [total, setTotal] = useState<number | null>(null);
  const [classes, setClasses] = useState<string[]>([]);
  const [pages, setPages] = useState<Map<number, RosterRow[]>>(new Map());
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [truncated, setTruncated] = useState(false);
  const [training, setTraining] = useState<TrainingType>('LP');
  const [classLabel, setClassLabel] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const scrollRef = useRef<HTMLDivElement | null>(null);

  const loadPage = useCallback(
    async (index: number, mine: number) => {
      if (loading.current.has(index)) return;
      loading.current.add(index);
      const result = await api['cards:roster']({ filter, offset: index * PAGE, limit: PAGE });
      if (mine !== generation.current) return;
      loading.current.delete(index);
      if (!result.ok) {
        setAnnouncement(fr.revalidation.desk.failed(result.error.message));
        return;
      }
      setTotal(result.value.total);
      setClasses(result.value.classes);
      setPages((previous) => new Map(previous).set(index, result.value.rows));
    },
    [api, filter],
  );

  useEffect(() => {
    const mine = ++generation.current;
    loading.current = new Set();
    setPages(new Map());
    setTotal(null);
    void loadPage(0, mine);
  }, [loadPage]);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer re-renders this list itself on scroll
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const firstPage = Math.floor((items[0]?.index ?? 0) / PAGE);
  const lastPage = Math.floor((items[items.length - 1]?.index ?? 0) / PAGE);
  useEffect(() => {
    for (let p = firstPage; p <= lastPage; p += 1) if (!pages.has(p)) void loadPage(p, generation.current);
  }, [firstPage, lastPage, pages, loadPage]);

  const rowAt = (index: number) => pages.get(Math.floor(index / PAGE))?.[index % PAGE];

  async function selectAll() {
    const result = await api['cards:select'](filter);
    if (!result.ok) return;
    setSelected(new Set(result.value.cardNumbers));
    setTruncated(result.value.truncated);
    setAnnouncement(t.selected(formatNumber(result.value.cardNumbers.length)));
  }

  async function revalidateSelection() {
    setConfirming(false);
    const result = await api['revalidations:recordBatch']({
      cardNumbers: [...selected],
      training: { type: training, ...(classLabel.trim() !== '' ? { classLabel: classLabel.trim() } : {}) },
    });
    if (!result.ok) {
      setAnnouncement(fr.revalidation.desk.failed(result.error.message));
      return;
    }
    const r = result.value;
    setAnnouncement(t.batchDone(formatNumber(r.recorded), formatNumber(r.alreadyDone), formatNumber(r.refused)));
    setSelected(new Set());
    setTruncated(false);
    generation.current += 1;
    loading.current = new Set();
    setPages(new Map());
    void loadPage(0, generation.current);
  }

  const toggle = (cardNumber: string) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (next.has(cardNumber)) next.delete(cardNumber);
      else next.add(cardNumber);
      return next;
    });

  return (
    <Stack gap="sm">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label={t.search}
          value={filter.query ?? ''}
          onChange={(event) => {
            const query = event.currentTarget.value;
            setFilter((f) => ({ ...f, query: query === '' ? undefined : query }));
          }}
          data-testid="roster-search"
        />
        <NativeSelect
          label={t.revalidated}
          value={filter.revalidated}
          onChange={(event) =>
            setFilter((f) => ({ ...f, revalidated: event.currentTarget.value as Filter['revalidated'] }))
          }
          data={(['all', 'yes', 'no'] as const).map((v) => ({ value: v, label: t.revalidatedOptions[v] }))}
        />
        <NativeSelect
          label={t.status}
          value={filter.status}
          onChange={(event) => setFilter((f) => ({ ...f, status: event.currentTarget.value as Filter['status'] }))}
          data={[
            { value: 'ALL', label: t.allStatuses },
            ...(['ACTIVE', 'EXPIRED', 'LOST', 'BLOCKED'] as const).map((s) => ({
              value: s,
              label: fr.revalidation.status[s],
            })),
          ]}
        />
        <NativeSelect
          label={t.training}
          value={filter.trainingType ?? ''}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setFilter((f) => ({ ...f, trainingType: value === '' ? undefined : (value as TrainingType) }));
          }}
          data={[
            { value: '', label: t.allTrainings },
            ...TRAINING_TYPES.map((type) => ({ value: type, label: fr.training[type] })),
          ]}
        />
        <NativeSelect
          label={t.classLabel}
          value={filter.classLabel ?? ''}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setFilter((f) => ({ ...f, classLabel: value === '' ? undefined : value }));
          }}
          data={[{ value: '', label: t.allClasses }, ...classes.map((c) => ({ value: c, label: c }))]}
          data-testid="roster-class"
        />
      </Group>
      <Text fw={600} data-testid="roster-count">
        {total === null ? t.loading : t.count(formatNumber(total))}
      </Text>
      <div
        ref={scrollRef}
        role="group"
        aria-label={t.tableLabel}
        className="reval-roster"
        style={{
          height: '22rem',
          overflow: 'auto',
          position: 'relative',
          border: '1px solid var(--mantine-color-gray-4)',
        }}
        data-testid="roster-list"
        tabIndex={0}
      >
        <ul
          style={{ height: virtualizer.getTotalSize(), position: 'relative', listStyle: 'none', margin: 0, padding: 0 }}
        >
          {items.map((item) => {
            const row = rowAt(item.index);
            return (
              <li
                key={item.key}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                }}
                data-card-number={row?.cardNumber}
                className="reval-roster-row"
              >
                {row ? (
                  <Group gap="sm" wrap="nowrap" px="xs" style={{ height: ROW_HEIGHT }}>
                    <Checkbox
                      aria-label={t.select(`${row.lastName} ${row.firstName}`)}
                      checked={selected.has(row.cardNumber)}
                      onChange={() => toggle(row.cardNumber)}
                      disabled={row.eligibility !== 'DUE'}
                    />
                    <Text size="sm" style={{ flex: 2 }}>
                      {row.lastName} {row.firstName}
                    </Text>
                    <Text size="sm" style={{ flex: 2 }}>
                      {row.cardNumber}
                    </Text>
                    <Text size="sm" style={{ flex: 2 }}>
                      {row.classLabel ?? ''}
                    </Text>
                    <Text size="sm" style={{ flex: 1 }}>
                      {fr.revalidation.eligibility[row.eligibility]}
                    </Text>
                  </Group>
                ) : (
                  <Text size="sm" px="xs">
                    {t.loading}
                  </Text>
                )}
              </li>
            );
          })}
        </ul>
      </div>
      <Group gap="sm">
        <Button variant="light" onClick={() => void selectAll()} data-testid="roster-select-all">
          {t.selectAll}
        </Button>
        <Button variant="subtle" onClick={() => setSelected(new Set())} disabled={selected.size === 0}>
          {t.clearSelection}
        </Button>
        <Text data-testid="roster-selected">{t.selected(formatNumber(selected.size))}</Text>
      </Group>
      {truncated && <Alert color="orange">{t.truncated}</Alert>}
      <Group align="flex-end" gap="sm">
        <NativeSelect
          label={fr.revalidation.form.training}
          value={training}
          onChange={(event) => setTraining(event.currentTarget.value as TrainingType)}
          data={TRAINING_TYPES.map((type) => ({ value: type, label: fr.training[type] }))}
          data-testid="batch-training"
        />
        <TextInput
          label={fr.revalidation.form.classLabel}
          value={classLabel}
          maxLength={60}
          onChange={(event) => setClassLabel(event.currentTarget.value)}
          data-testid="batch-class"
        />
        <Button
          onClick={() => setConfirming(true)}
          disabled={selected.size === 0 || schoolYear === null}
          data-testid="batch-submit"
        >
          {t.batchSubmit(formatNumber(selected.size))}
        </Button>
      </Group>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t.confirmTitle}
        closeButtonProps={{ 'aria-label': t.cancel }}
      >
        <Stack>
          <Text>{t.confirmText(formatNumber(selected.size), schoolYear ?? '', fr.training[training])}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t.cancel}
            </Button>
            <Button onClick={() => void revalidateSelection()} data-testid="batch-confirm">
              {t.confirm}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <div role="status" aria-live="polite" data-testid="roster-announcer">
        {announcement}
      </div>
    </Stack>
  );
}
