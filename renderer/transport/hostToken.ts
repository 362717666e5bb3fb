/**
 * The headless host hands its per-run token in the address (`#token=…`). It is read once, kept for
 * the tab's lifetime in sessionStorage (so a reload still works), and removed from the address bar
 * so it does not end up in screenshots, history or a copied link.
 */
export const HOST_TOKEN_STORAGE_KEY = 'hdf.hostToken';

const TOKEN_IN_HASH = /^#token=([0-9a-fA-F]{16,256})$/;

interface TokenEnvironment {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

export function takeHostToken(env: TokenEnvironment): string | null {
  const match = TOKEN_IN_HASH.exec(env.location.hash);
  if (match?.[1]) {
    env.storage.setItem(HOST_TOKEN_STORAGE_KEY, match[1]);
    env.history.replaceState(env.history.state, '', `${env.location.pathname}${env.location.search}`);
    return match[1];
  }
  return env.storage.getItem(HOST_TOKEN_STORAGE_KEY);
}
