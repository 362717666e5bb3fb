/** `app:info` read once for the whole shell; settings refresh it after a save changes the mode. */
import { createContext, type ReactNode, useContext } from 'react';
import { type AppInfo } from '../../shared/ipc/contract';
import { type ChannelState, useChannel } from '../transport/ApiContext';

const AppInfoContext = createContext<ChannelState<AppInfo> | null>(null);

export function AppInfoProvider({ children }: { children: ReactNode }) {
  const state = useChannel('app:info');
  return <AppInfoContext.Provider value={state}>{children}</AppInfoContext.Provider>;
}

export function useAppInfo(): ChannelState<AppInfo> {
  const state = useContext(AppInfoContext);
  if (!state) throw new Error('[renderer.app] useAppInfo() outside <AppInfoProvider>');
  return state;
}
