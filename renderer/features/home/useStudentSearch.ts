/**
 * Debounced student search: one call ~150 ms after the last keystroke, and an answer to an older
 * query never replaces the answer to the newer one.
 */
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { type SearchResult } from '../../../shared/ipc/contract';
import { type IpcError } from '../../../shared/ipc/result';
import { useApi } from '../../transport/ApiContext';

export const SEARCH_DEBOUNCE_MS = 150;
export const SEARCH_LIMIT = 50;

export interface StudentSearchState {
  /** The query the current result answers, trimmed. */
  answeredQuery: string;
  result: SearchResult | null;
  error: IpcError | null;
  searching: boolean;
}

const IDLE: StudentSearchState = { answeredQuery: '', result: null, error: null, searching: false };

export function useStudentSearch(rawQuery: string): StudentSearchState {
  const api = useApi();
  const [debounced] = useDebouncedValue(rawQuery.trim().slice(0, 100), SEARCH_DEBOUNCE_MS);
  const [state, setState] = useState<StudentSearchState>(IDLE);

  useEffect(() => {
    if (debounced === '') return undefined;
    let current = true;
    void api['students:search']({ query: debounced, limit: SEARCH_LIMIT }).then((result) => {
      if (!current) return;
      setState(
        result.ok
          ? { answeredQuery: debounced, result: result.value, error: null, searching: false }
          : { answeredQuery: debounced, result: null, error: result.error, searching: false },
      );
    });
    return () => {
      current = false;
    };
  }, [api, debounced]);

  if (debounced === '') return IDLE;
  if (state.answeredQuery !== debounced) return { ...state, searching: true };
  return state;
}
