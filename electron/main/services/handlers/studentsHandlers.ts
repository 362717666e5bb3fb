/** `students:search`: the local index of requests and cards, which works offline. */
import { performance } from 'node:perf_hooks';
import { type Handlers } from '../../../../shared/ipc/contract';
import { searchStudents } from '../store/searchStudents';
import { type HandlerContext } from './handlerContext';

export const DEFAULT_SEARCH_LIMIT = 50;

export function studentsHandlers(context: HandlerContext): Pick<Handlers, 'students:search'> {
  return {
    'students:search': (input) => {
      const started = performance.now();
      const hits = searchStudents(context.db, input.query, input.limit ?? DEFAULT_SEARCH_LIMIT);
      return { hits, tookMs: Math.round((performance.now() - started) * 100) / 100 };
    },
  };
}
