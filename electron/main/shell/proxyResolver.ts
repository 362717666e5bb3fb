/**
 * The system proxy (Windows/macOS settings, WPAD, PAC files) as Chromium resolves it, for the
 * Region's got agent: Node ignores the system proxy, Electron's session does not. The PAC answer is
 * parsed by `pacProxy.ts`; it must never be fed to `session.setProxy` (different syntax).
 */
import { session } from 'electron';
import { parsePacProxy } from '../services/region/pacProxy';

/** Proxy URL for `createProxyAgents` (null = direct) for calls to `targetUrl`. */
export async function resolveSystemProxy(targetUrl: string): Promise<string | null> {
  try {
    return parsePacProxy(await session.defaultSession.resolveProxy(targetUrl));
  } catch {
    // A broken PAC script must not stop the app; a direct attempt shows up as offline if it fails.
    console.warn('[shell.proxy] system proxy could not be resolved, connecting directly');
    return null;
  }
}
