/**
 * Channel names alone, without zod: the sandboxed preload imports only this, so it stays a tiny
 * bundle with no third-party code. `contract.ts` checks at compile time that both lists agree.
 */
export const CHANNEL_NAMES = [
  'app:info',
  'sync:status',
  'sync:checkConnection',
  'settings:get',
  'settings:update',
  'students:search',
  'store:stats',
  'sync:run',
  'decisions:record',
  'decisions:undo',
  'decisions:list',
  'decisions:problems',
  'decisions:resolve',
  'decisions:exportPending',
  'decisions:approveBatch',
  'requests:queue',
  'requests:detail',
  'photos:get',
  'reference:reasons',
  'reference:establishments',
  'workspace:getState',
  'workspace:setState',
  'auth:session',
  'auth:setup',
  'auth:signIn',
  'auth:unlock',
  'auth:signOut',
  'auth:lock',
  'auth:activity',
  'staff:list',
  'staff:add',
  'staff:update',
  'staff:resetPassword',
  'idleLock:get',
  'idleLock:set',
  'audit:list',
  'audit:verify',
  'audit:export',
  'cards:roster',
  'cards:select',
  'cards:lookup',
  'cards:lookupRemote',
  'revalidations:record',
  'revalidations:recordBatch',
  'revalidations:today',
  'revalidations:exportToday',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** Name under which the preload exposes the API on `window`. */
export const BRIDGE_KEY = 'hdf';
