import { type BenchGroup } from '../benchRow';

/**
 * Every benchmark group, run in this order by `npm run bench`, each loaded only by the process that
 * runs it (bench/run.ts): a group's process is the app's, and the modules of the other groups
 * (the UI group's browser tooling, for one) would otherwise sit in its heap, lengthening its
 * garbage collections and adding to its memory figures.
 */
export const GROUP_LOADERS: ReadonlyArray<{ name: string; load: () => Promise<BenchGroup> }> = [
  { name: 'store', load: async () => (await import('./store')).storeGroup },
  { name: 'search', load: async () => (await import('./search')).searchGroup },
  { name: 'sync', load: async () => (await import('./sync')).syncGroup },
  { name: 'sync-crash', load: async () => (await import('./syncCrash')).syncCrashGroup },
  { name: 'ui', load: async () => (await import('./ui')).uiGroup },
  { name: 'photo', load: async () => (await import('./photo')).photoGroup },
  { name: 'reval', load: async () => (await import('./reval')).revalGroup },
  { name: 'secure', load: async () => (await import('./secure')).secureGroup },
];
