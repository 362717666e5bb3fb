import { app } from 'electron';
// electron-updater's named export fails in an ESM main bundle: take it from the default export.
import electronUpdater from 'electron-updater';

/** Checks the update feed of electron-builder.yml once at start-up and installs on quit. */
export function startAutoUpdate(): void {
  if (!app.isPackaged) return;
  const { autoUpdater } = electronUpdater;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.on('error', (error: Error) => console.warn(`[shell.update] update check failed: ${error.name}`));
  void autoUpdater.checkForUpdates().catch((error: unknown) => {
    console.warn(`[shell.update] update check failed: ${error instanceof Error ? error.name : 'unknown'}`);
  });
}
