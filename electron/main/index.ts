/**
 * The Electron shell: window, IPC registration, OS key store, updater and dialogs. Everything
 * else lives in plain Node services (electron/main/services) shared with the headless host.
 */
import { app, BrowserWindow, dialog, powerMonitor } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServices, databaseFile, type Services } from './services/app/createServices';
import { preferShortGcPauses } from './services/runtime/shortGcPauses';
import { loadOrCreateStoreKey } from './services/secrets/storeKey';
import { createMainWindow, hardenDefaultSession } from './shell/createMainWindow';
import { registerIpc } from './shell/registerIpc';
import { createSafeStorageSecretStore } from './shell/safeStorageSecretStore';
import { electronNativeBinding } from './shell/electronNativeBinding';
import { startAutoUpdate } from './shell/autoUpdate';
import { resolveSystemProxy } from './shell/proxyResolver';
import { launchPhotoCheckUtilityProcess } from './shell/photoCheckUtilityProcess';

let mainWindow: BrowserWindow | null = null;
let services: Services | null = null;

function rendererUrl(): string {
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (!app.isPackaged && devUrl) return devUrl;
  return pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).toString();
}

function showOrCreateWindow(url: string): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return;
  }
  mainWindow = createMainWindow({ preloadPath: join(import.meta.dirname, '../preload/index.cjs'), rendererUrl: url });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

async function start(): Promise<void> {
  preferShortGcPauses();
  hardenDefaultSession();
  const dataDir = app.getPath('userData');
  try {
    // The store key lives only wrapped by the OS key store; Linux's plain-text backend is refused.
    const secretStore = createSafeStorageSecretStore(dataDir);
    const storeKey = await loadOrCreateStoreKey(secretStore, { databaseExists: existsSync(databaseFile(dataDir)) });
    services = await createServices({
      dataDir,
      storeKey,
      shell: 'electron',
      appVersion: app.getVersion(),
      secretStore,
      env: process.env,
      nativeBinding: electronNativeBinding(),
      // Node ignores the system proxy; Chromium resolves it (settings, WPAD, PAC) per URL.
      proxyFor: resolveSystemProxy,
      // A utility process: the fuses forbid the services' default (the binary run as Node).
      launchPhotoChecks: launchPhotoCheckUtilityProcess,
    });
  } catch (error) {
    const messageFr =
      error && typeof error === 'object' && 'messageFr' in error && typeof error.messageFr === 'string'
        ? error.messageFr
        : "L'application n'a pas pu démarrer. Le détail technique a été consigné dans le journal.";
    console.error(`[shell] start-up failed: ${error instanceof Error ? error.name : 'unknown'}`);
    dialog.showErrorBox('Carte Génération #HDF', messageFr);
    app.exit(1);
    return;
  }
  const url = rendererUrl();
  const running = services;
  registerIpc(
    (channel, input) => running.dispatch(channel, input),
    () => mainWindow,
    url,
  );
  showOrCreateWindow(url);
  startAutoUpdate();
  // A laptop closed overnight comes back with decisions to push and a stale queue to pull.
  powerMonitor.on('resume', () => void running.syncNow('wake'));
  // A desk left with the OS session locked or the lid closed must ask the password again.
  powerMonitor.on('lock-screen', () => running.lockSession('os'));
  powerMonitor.on('suspend', () => running.lockSession('os'));
}

// One instance per workstation: two would fight over the same SQLite file and outbox.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) showOrCreateWindow(rendererUrl());
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (services && BrowserWindow.getAllWindows().length === 0) showOrCreateWindow(rendererUrl());
  });
  app.on('before-quit', () => {
    void services?.close();
  });
  void app.whenReady().then(start);
}
