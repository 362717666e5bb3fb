/**
 * The queue's rows, fetched by pages of PAGE_SIZE as the virtualized table needs them. A filter
 * change starts a new generation: answers of the previous one are dropped, so a slow page can never
 * paint rows of an older filter. `reload()` re-reads the pages already seen (after a decision) and
 * keeps the others unloaded until they scroll into view.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { type QueueCounters, type QueueFilter, type QueueRow } from '../../../shared/ipc/contract';
import { type IpcError } from '../../../shared/ipc/result';
import { useApi } from '../../transport/ApiContext';

export const PAGE_SIZE = 100;

export interface QueuePages {
  total: number | null;
  counters: QueueCounters | null;
  error: IpcError | null;
  /** Bumps whenever rows change, so memoised readers re-render. */
  version: number;
  rowAt: (index: number) => QueueRow | undefined;
  ensureRange: (start: number, end: number) => void;
  /** Re-reads every loaded page; resolves once they are in. */
  reload: () => Promise<void>;
  indexOf: (requestId: string) => number;
}

export function useQueuePages(filter: QueueFilter | null): QueuePages {
  const api = useApi();
  const pages = useRef(new Map<number, QueueRow[]>());
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  // Tagged with the filter it answers, so a new filter shows no stale total without a reset effect.
  const [meta, setMeta] = useState<{ key: string; total: number; counters: QueueCounters } | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [version, setVersion] = useState(0);
  const filterKey = JSON.stringify(filter);

  const requestPage = useCallback(
    (page: number) => {
      inFlight.current.add(page);
      return api['requests:queue']({
        filter: JSON.parse(filterKey) as QueueFilter,
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
      });
    },
    [api, filterKey],
  );

  const applyPage = useCallback(
    (page: number, mine: number, result: Awaited<ReturnType<typeof requestPage>>) => {
      if (mine !== generation.current) return;
      inFlight.current.delete(page);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setError(null);
      pages.current.set(page, result.value.rows);
      setMeta({ key: filterKey, total: result.value.total, counters: result.value.counters });
      setVersion((v) => v + 1);
    },
    [filterKey],
  );

  const fetchPage = useCallback(
    (page: number, mine: number): Promise<void> => {
      if (filterKey === 'null') return Promise.resolve();
      return requestPage(page).then((result) => applyPage(page, mine, result));
    },
    [filterKey, requestPage, applyPage],
  );

  useEffect(() => {
    const mine = ++generation.current;
    pages.current = new Map();
    inFlight.current = new Set();
    void fetchPage(0, mine);
  }, [fetchPage]);

  const ensureRange = useCallback(
    (start: number, end: number) => {
      const first = Math.floor(Math.max(0, start) / PAGE_SIZE);
      const last = Math.floor(Math.max(0, end) / PAGE_SIZE);
      for (let page = first; page <= last; page++) {
        if (!pages.current.has(page) && !inFlight.current.has(page)) void fetchPage(page, generation.current);
      }
    },
    [fetchPage],
  );

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    const loaded = [...pages.current.keys()];
    inFlight.current = new Set();
    await Promise.all((loaded.length > 0 ? loaded : [0]).map((page) => fetchPage(page, mine)));
    // Pages that now start past the end must not keep stale rows.
    if (mine === generation.current) {
      for (const [page, rows] of pages.current) if (rows.length === 0 && page > 0) pages.current.delete(page);
    }
  }, [fetchPage]);

  const rowAt = useCallback(
    (index: number) => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    [],
  );

  const indexOf = useCallback((requestId: string) => {
    for (const [page, rows] of pages.current) {
      const at = rows.findIndex((row) => row.id === requestId);
      if (at >= 0) return page * PAGE_SIZE + at;
    }
    return -1;
  }, []);

  const total = meta && meta.key === filterKey ? meta.total : null;
  return { total, counters: meta?.counters ?? null, error, version, rowAt, ensureRange, reload, indexOf };
}
