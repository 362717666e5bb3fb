/** `sync:status`, polled every 5 s for the header and refreshed at once after a connection check. */
import { createContext, type ReactNode, useContext } from 'react';
import { type SyncStatus } from '../../shared/ipc/contract';
import { type ChannelState, useChannel } from '../transport/ApiContext';

export const SYNC_POLL_MS = 5_000;

const SyncStatusContext = createContext<ChannelState<SyncStatus> | null>(null);

export function SyncStatusProvider({ children }: { children: ReactNode }) {
  const state = useChannel('sync:status', undefined, { pollMs: SYNC_POLL_MS });
  return <SyncStatusContext.Provider value={state}>{children}</SyncStatusContext.Provider>;
}

export function useSyncStatus(): ChannelState<SyncStatus> {
  const state = useContext(SyncStatusContext);
  if (!state) throw new Error('[renderer.app] useSyncStatus() outside <SyncStatusProvider>');
  return state;
}
