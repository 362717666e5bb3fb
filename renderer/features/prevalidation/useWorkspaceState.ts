/**
 * Filters, selected request and scroll position survive a restart: read once on mount
 * (`workspace:getState`), written back a moment after the last change (`workspace:setState`).
 */
import { useEffect, useRef, useState } from 'react';
import { type WorkspaceState } from '../../../shared/ipc/contract';
import { useApi } from '../../transport/ApiContext';

const SAVE_DEBOUNCE_MS = 400;

export const DEFAULT_WORKSPACE: WorkspaceState = {
  filter: { view: 'toReview' },
  selectedRequestId: null,
  scrollOffset: 0,
};

/** The saved state (default when none or unreadable), null while it is being read. */
export function useSavedWorkspace(): WorkspaceState | null {
  const api = useApi();
  const [state, setState] = useState<WorkspaceState | null>(null);
  useEffect(() => {
    let cancelled = false;
    void api['workspace:getState']().then((result) => {
      if (!cancelled) setState(result.ok && result.value ? result.value : DEFAULT_WORKSPACE);
    });
    return () => {
      cancelled = true;
    };
  }, [api]);
  return state;
}

export function useWorkspaceSaver(state: WorkspaceState): void {
  const api = useApi();
  const key = JSON.stringify(state);
  const lastSaved = useRef(key);
  useEffect(() => {
    if (key === lastSaved.current) return;
    const timer = window.setTimeout(() => {
      lastSaved.current = key;
      void api['workspace:setState'](JSON.parse(key) as WorkspaceState);
    }, SAVE_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [api, key]);
}
