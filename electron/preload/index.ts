/**
 * Sandboxed preload: exposes one async function per contract channel and nothing else, never
 * `ipcRenderer` itself. Inputs are validated in the main process, not here, because a compromised
 * renderer could bypass anything this script checks.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, CHANNEL_NAMES } from '../../shared/ipc/channels';

const api: Record<string, (input?: unknown) => Promise<unknown>> = {};
for (const channel of CHANNEL_NAMES) {
  api[channel] = (input?: unknown) => ipcRenderer.invoke(channel, input);
}

contextBridge.exposeInMainWorld(BRIDGE_KEY, Object.freeze(api));
