/**
 * React access to the services: `useApi()` for actions, `useChannel()` for reads that refresh
 * themselves (the sync status is polled, the store counts are read once).
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { type Api, type Channel, type ChannelInput, type ChannelOutput } from '../../shared/ipc/contract';
import { type IpcError, type Result } from '../../shared/ipc/result';

const ApiContext = createContext<Api | null>(null);

export function ApiProvider({ api, children }: { api: Api; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('[renderer.api] useApi() outside <ApiProvider>');
  return api;
}

export interface ChannelState<T> {
  data: T | null;
  error: IpcError | null;
  loading: boolean;
  /** Calls the channel again now; resolves once the new answer is in state. */
  refresh: () => Promise<void>;
}

export function useChannel<C extends Channel>(
  channel: C,
  input?: ChannelInput<C>,
  options: { pollMs?: number } = {},
): ChannelState<ChannelOutput<C>> {
  const api = useApi();
  const [data, setData] = useState<ChannelOutput<C> | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [loading, setLoading] = useState(true);
  // Inputs are plain JSON: compare them by value so an inline object literal does not refetch on every render.
  const inputKey = JSON.stringify(input ?? null);
  const generation = useRef(0);

  const apply = useCallback((mine: number, result: Result<ChannelOutput<C>>) => {
    // A slower, older answer must not overwrite a newer one.
    if (mine !== generation.current) return;
    if (result.ok) {
      setData(result.value);
      setError(null);
    } else {
      setError(result.error);
    }
    setLoading(false);
  }, []);

  const load = useCallback((): Promise<Result<ChannelOutput<C>>> => {
    const call = api[channel] as (input?: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;
    return call(inputKey === 'null' ? undefined : (JSON.parse(inputKey) as ChannelInput<C>));
  }, [api, channel, inputKey]);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    apply(mine, await load());
  }, [apply, load]);

  useEffect(() => {
    const counter = generation;
    const poll = () => {
      const mine = ++counter.current;
      void load().then((result) => apply(mine, result));
    };
    poll();
    const timer = options.pollMs ? window.setInterval(poll, options.pollMs) : undefined;
    return () => {
      if (timer !== undefined) window.clearInterval(timer);
      // Drop any answer still in flight for the unmounted or re-keyed reader.
      counter.current++;
    };
  }, [apply, load, options.pollMs]);

  return { data, error, loading, refresh };
}
