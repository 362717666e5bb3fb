/**
 * The composition root shared by the Electron shell and the headless host: opens the store, picks
 * the Region target (in-process simulator in demo mode, the configured API in live mode), starts the
 * connection monitor and wires one handler per contract channel behind the dispatcher.
 */
import { join } from 'node:path';
import { type Handlers, type SyncStatus } from '../../../../shared/ipc/contract';
import { type Result } from '../../../../shared/ipc/result';
import { appHandlers } from '../handlers/appHandlers';
import { type HandlerContext } from '../handlers/handlerContext';
import { settingsHandlers } from '../handlers/settingsHandlers';
import { storeHandlers } from '../handlers/storeHandlers';
import { studentsHandlers } from '../handlers/studentsHandlers';
import { syncHandlers } from '../handlers/syncHandlers';
import { createDispatcher } from '../ipc/dispatch';
import { closeLogFile, configureLogFile, createLogger } from '../log/logger';
import { type SecretStore } from '../secrets/secretStore';
import { createSettingsService } from '../settings/settingsService';
import { createConnectionMonitor } from '../status/connectionMonitor';
import { openDatabase, type AppDatabase } from '../store/openDatabase';
import { type DemoOptions } from './demoRegion';
import { createRegionConnection } from './regionConnection';

const log = createLogger('app.services');

export const DATABASE_FILE_NAME = 'hdf.sqlite';

export interface ServicesOptions {
  dataDir: string;
  shell: 'electron' | 'headless';
  appVersion: string;
  secretStore: SecretStore;
  env?: Record<string, string | undefined>;
  nativeBinding?: string;
  demo?: DemoOptions;
  /** Connection checks period; 3 minutes by default. */
  checkIntervalMs?: number;
}

export interface Services {
  handlers: Handlers;
  dispatch(channel: string, rawInput: unknown): Promise<Result<unknown>>;
  status(): SyncStatus;
  close(): Promise<void>;
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, DATABASE_FILE_NAME);
}

export async function createServices(options: ServicesOptions): Promise<Services> {
  configureLogFile({ dataDir: options.dataDir });
  let db: AppDatabase;
  try {
    db = openDatabase({
      file: databaseFile(options.dataDir),
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (error) {
    // A StoreOpenError propagates as is: the shell shows its French message, the file is untouched.
    log.error('store could not be opened', { errorClass: error instanceof Error ? error.name : typeof error });
    closeLogFile(options.dataDir);
    throw error;
  }
  try {
    return await wire(options, db);
  } catch (error) {
    db.close();
    closeLogFile(options.dataDir);
    throw error;
  }
}

async function wire(options: ServicesOptions, db: AppDatabase): Promise<Services> {
  const settings = createSettingsService({ db, secretStore: options.secretStore, env: options.env });
  const region = createRegionConnection({
    dataDir: options.dataDir,
    userAgent: `CarteGenerationHDF-Poste/${options.appVersion} (${options.shell})`,
    demo: options.demo,
  });
  const monitor = createConnectionMonitor({
    db,
    target: () => region.client(),
    targetFailure: () => region.failure(),
    ...(options.checkIntervalMs ? { intervalMs: options.checkIntervalMs } : {}),
  });

  async function applySettings(): Promise<void> {
    let changed = true;
    try {
      changed = await region.apply(await settings.effective());
    } catch (error) {
      // The settings are saved and the app keeps working offline; the status line says why.
      log.error('Region target could not be set up', {
        errorClass: error instanceof Error ? error.name : typeof error,
      });
    }
    if (changed) {
      monitor.reset();
      void monitor.check();
    }
  }

  await applySettings();

  const context: HandlerContext = {
    db,
    shell: options.shell,
    appVersion: options.appVersion,
    settings,
    region,
    monitor,
    applySettings,
  };
  const handlers: Handlers = {
    ...appHandlers(context),
    ...syncHandlers(context),
    ...settingsHandlers(context),
    ...studentsHandlers(context),
    ...storeHandlers(context),
  };
  const dispatch = createDispatcher(handlers);
  monitor.start();
  log.info('services started', { shell: options.shell, mode: region.mode(), schemaVersion: db.schemaVersion });

  let closing: Promise<void> | null = null;
  return {
    handlers,
    dispatch,
    status: () => monitor.status(),
    close() {
      closing ??= (async () => {
        monitor.stop();
        await region.close();
        db.close();
        log.info('services stopped');
        closeLogFile(options.dataDir);
      })();
      return closing;
    },
  };
}
