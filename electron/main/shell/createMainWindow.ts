import { BrowserWindow, session, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../../shared/security/contentSecurityPolicy';
import { isAllowedExternalUrl, isAllowedNavigation, isPermissionAllowed } from './shellPolicy';

export interface MainWindowOptions {
  preloadPath: string;
  /** `file://…/index.html` in production, the electron-vite dev server URL in development. */
  rendererUrl: string;
}

/** Rejects every navigation away from the renderer: the app never shows a remote page. */
function lockNavigation(contents: WebContents, rendererUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, rendererUrl)) {
      event.preventDefault();
      // A link to the Region's public site goes to the system browser instead.
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    }
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isAllowedNavigation(event.url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the Region's public pages open in the user's browser; nothing opens in the app.
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export function hardenDefaultSession(): void {
  const ses = session.defaultSession;
  // Everything is refused except the camera (video only) for the antenna's photo capture.
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const allowed = isPermissionAllowed(permission, mediaTypes ? { mediaTypes } : {});
    if (!allowed) console.warn(`[shell.permissions] refused ${permission}`);
    callback(allowed);
  });
  ses.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    isPermissionAllowed(permission, details.mediaType ? { mediaTypes: [details.mediaType] } : {}),
  );
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Carte Génération #HDF — poste établissement',
    icon: join(import.meta.dirname, '../../resources/icon.png'),
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: process.env.NODE_ENV !== 'production',
    },
  });
  lockNavigation(win.webContents, options.rendererUrl);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(options.rendererUrl);
  return win;
}
