import { ipcMain, type IpcMainInvokeEvent, type BrowserWindow } from 'electron';
import { CHANNEL_NAMES } from '../../../shared/ipc/channels';
import { fail, type Result } from '../../../shared/ipc/result';

export type Dispatch = (channel: string, rawInput: unknown) => Promise<Result<unknown>>;

/**
 * Only the top frame of our own window, showing our own renderer, may call the services: an
 * injected iframe or a navigated page gets a typed refusal instead of data.
 */
function isTrustedSender(
  event: IpcMainInvokeEvent,
  getWindow: () => BrowserWindow | null,
  rendererUrl: string,
): boolean {
  const win = getWindow();
  const frame = event.senderFrame;
  if (!win || !frame || event.sender !== win.webContents) return false;
  if (frame !== win.webContents.mainFrame) return false;
  const expected = new URL(rendererUrl);
  const actual = new URL(frame.url);
  return actual.origin === expected.origin && actual.pathname === expected.pathname;
}

export function registerIpc(dispatch: Dispatch, getWindow: () => BrowserWindow | null, rendererUrl: string): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!isTrustedSender(event, getWindow, rendererUrl)) {
        console.warn(`[shell.ipc] refused channel=${channel}: untrusted sender frame`);
        return fail('FORBIDDEN', 'Appel refusé : origine non autorisée.');
      }
      return dispatch(channel, input);
    });
  }
}
