/**
 * The composition root shared by the Electron shell and the headless host: opens the store, picks
 * the Region target (in-process simulator in demo mode, the configured API in live mode), runs the
 * sync engine (owner of the live status; restarted on a target change, the outbox kept in the store)
 * and wires one handler per contract channel behind the dispatcher.
 */
import { join } from 'node:path';
import { type Handlers, type SyncStatus } from '../../../../shared/ipc/contract';
import { StaffMember, type StaffMember as StaffMemberT } from '../../../../shared/region-api/schemas';
import { type Result } from '../../../../shared/ipc/result';
import { createAuditLog, type AuditLog } from '../audit/auditLog';
import { createConflictAuditor } from '../audit/conflictAudit';
import { createAccessGuard } from '../auth/accessGuard';
import { type AuthClock } from '../auth/authClock';
import { createAuthService, type LockReason } from '../auth/authService';
import { appHandlers } from '../handlers/appHandlers';
import { auditHandlers } from '../handlers/auditHandlers';
import { authHandlers } from '../handlers/authHandlers';
import { staffHandlers } from '../handlers/staffHandlers';
import { decisionsHandlers } from '../handlers/decisionsHandlers';
import { type HandlerContext } from '../handlers/handlerContext';
import { referenceHandlers } from '../handlers/referenceHandlers';
import { retentionHandlers } from '../handlers/retentionHandlers';
import { createRetentionService } from '../retention/retentionService';
import { revalidationHandlers } from '../handlers/revalidationHandlers';
import { settingsHandlers } from '../handlers/settingsHandlers';
import { storeHandlers } from '../handlers/storeHandlers';
import { studentsHandlers } from '../handlers/studentsHandlers';
import { syncHandlers } from '../handlers/syncHandlers';
import { workspaceHandlers } from '../handlers/workspaceHandlers';
import { photoChecksHandlers } from '../handlers/photoChecksHandlers';
import { type LaunchPhotoCheckProcess } from '../photoChecks/checkProcess';
import { createPhotoCheckService } from '../photoChecks/photoCheckService';
import { createDispatcher } from '../ipc/dispatch';
import { closeLogFile, configureLogFile, createLogger } from '../log/logger';
import { proxyFromEnv } from '../region/httpAgent';
import { type SecretStore } from '../secrets/secretStore';
import { createSettingsService } from '../settings/settingsService';
import { openDatabase, type AppDatabase } from '../store/openDatabase';
import { getSetting } from '../store/settingsRepo';
import { createSyncEngine, type SyncEngine, type SyncTrigger } from '../sync/syncEngine';
import { type DemoAdmin, type DemoOptions } from './demoRegion';
import { createRegionConnection } from './regionConnection';

const log = createLogger('app.services');

export const DATABASE_FILE_NAME = 'hdf.sqlite';
export const PHOTOS_DIR_NAME = 'photos';
/** How often the services look for a finished sync to purge after. */
const RETENTION_CHECK_MS = 5_000;
/** Who decides, until staff sign-in exists: a setting, this by default. */
export const CURRENT_STAFF_SETTING = 'staff.current';
export const DEFAULT_STAFF: StaffMemberT = { staffId: 'secretariat', displayName: 'Secrétariat' };

export interface ServicesOptions {
  dataDir: string;
  shell: 'electron' | 'headless';
  appVersion: string;
  secretStore: SecretStore;
  /** The store key (secrets/storeKey.ts): safeStorage-wrapped in Electron, HDF_STORE_KEY for the host. */
  storeKey: Buffer;
  env?: Record<string, string | undefined>;
  nativeBinding?: string;
  demo?: DemoOptions;
  /** Automatic sync period when caught up; 3 minutes by default. */
  checkIntervalMs?: number;
  /**
   * The proxy for calls to a Region URL (null: direct). Default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY
   * from `env`, as the headless host needs; the Electron shell passes the system proxy instead.
   */
  proxyFor?: (url: string) => Promise<string | null>;
  /** Time for sign-in delays and the idle lock (tests inject one that never really waits). */
  authClock?: AuthClock;
  /** How the photo checks' process starts (default: Node's fork; the Electron shell: utilityProcess). */
  launchPhotoChecks?: LaunchPhotoCheckProcess;
}

export interface Services {
  handlers: Handlers;
  dispatch(channel: string, rawInput: unknown): Promise<Result<unknown>>;
  status(): SyncStatus;
  /** A sync cycle now (the Electron shell calls it with 'wake' when the computer resumes). */
  syncNow(trigger: SyncTrigger): Promise<SyncStatus>;
  /**
   * The demo simulator's HTTP admin while it runs (null in live mode), so a test harness can play
   * another workstation. Main process only: no channel of the contract answers it.
   */
  demoAdmin(): DemoAdmin | null;
  /** Locks the signed-in member's session (the Electron shell calls it when the OS locks or suspends). */
  lockSession(reason: LockReason): void;
  /** Appends to the audit log (services' own events: conflicts detected, purges). */
  audit: AuditLog;
  close(): Promise<void>;
}

/**
 * Runs the retention purge after each completed sync: the engine has no hook, so its status is
 * watched (a new `lastSyncAt` or `lastPushAt` while idle). A purge failure is logged, never thrown.
 * Live mode only: the demo simulator's data is fictitious and dated in the past, so purging it
 * would hold no personal data back and only leave the demo store inconsistent with its simulator
 * (the administrator's manual purge works in every mode).
 */
function startRetentionAfterSync(
  retention: ReturnType<typeof createRetentionService>,
  status: () => SyncStatus,
  live: () => boolean,
): ReturnType<typeof setInterval> {
  let seen: string | null = null;
  const timer = setInterval(() => {
    if (!live()) return;
    const current = status();
    const mark = `${current.lastSyncAt ?? ''}|${current.lastPushAt ?? ''}`;
    if (current.phase !== 'idle' || mark === seen || mark === '|') return;
    seen = mark;
    try {
      retention.purge('sync', 'system');
    } catch (error) {
      log.error('retention purge failed', { errorClass: error instanceof Error ? error.name : typeof error });
    }
  }, RETENTION_CHECK_MS);
  timer.unref();
  return timer;
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
      key: options.storeKey,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      // This process answers the UI: WAL checkpoints and background writes run on a second connection on
      // its own thread (store/backgroundConnection.ts), not inside this thread's commits.
      backgroundCheckpoints: true,
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
  const auditLog = createAuditLog({ db, ...(options.authClock ? { now: () => options.authClock!.now() } : {}) });
  const auth = createAuthService({ db, audit: auditLog, ...(options.authClock ? { clock: options.authClock } : {}) });
  let demoAdmin: DemoAdmin | null = null;
  const region = createRegionConnection({
    dataDir: options.dataDir,
    userAgent: `CarteGenerationHDF-Poste/${options.appVersion} (${options.shell})`,
    demo: {
      ...options.demo,
      onAdmin: (admin) => {
        demoAdmin = admin;
        options.demo?.onAdmin?.(admin);
      },
    },
    proxyFor: options.proxyFor ?? (async (url) => proxyFromEnv(url, options.env ?? {})),
  });
  const makeEngine = (): SyncEngine =>
    createSyncEngine({
      db,
      target: () => region.client(),
      targetFailure: () => region.failure(),
      photosDir: join(options.dataDir, PHOTOS_DIR_NAME),
      // Decisions are signed by the member signed in (the dispatcher refuses them otherwise).
      currentStaff: () => {
        const member = auth.current().member;
        if (member) return { staffId: member.id, displayName: member.displayName };
        return getSetting(db, CURRENT_STAFF_SETTING, StaffMember) ?? DEFAULT_STAFF;
      },
      ...(options.checkIntervalMs ? { intervalMs: options.checkIntervalMs } : {}),
    });
  let engine = makeEngine();
  let closed = false;

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
    if (changed && !closed) {
      // A new target: a fresh engine (cursors and skew of the old one mean nothing there); the outbox
      // is in the store and is sent by the new engine.
      const previous = engine;
      engine = makeEngine();
      await previous.stop();
      engine.start();
    }
  }

  await applySettings();

  const context: HandlerContext = {
    db,
    shell: options.shell,
    appVersion: options.appVersion,
    settings,
    region,
    sync: () => engine,
    applySettings,
  };
  const retention = createRetentionService({ db, photosDir: join(options.dataDir, PHOTOS_DIR_NAME), audit: auditLog });
  // Photo checks run in their own low-priority process; the background queue follows each completed sync.
  const photoChecks = createPhotoCheckService({
    db,
    photosDir: join(options.dataDir, PHOTOS_DIR_NAME),
    ...(options.launchPhotoChecks ? { launch: options.launchPhotoChecks } : {}),
  });
  const handlers: Handlers = {
    ...appHandlers(context),
    ...syncHandlers(context),
    ...decisionsHandlers(context),
    ...settingsHandlers(context),
    ...studentsHandlers(context),
    ...storeHandlers(context),
    ...workspaceHandlers(context, { photosDir: join(options.dataDir, PHOTOS_DIR_NAME) }),
    ...photoChecksHandlers(context, photoChecks),
    ...referenceHandlers(context),
    ...revalidationHandlers(context),
    ...authHandlers(auth),
    ...staffHandlers(auth),
    ...auditHandlers(auditLog),
    ...retentionHandlers(retention, () => auth.current().member?.id ?? 'system'),
  };
  const dispatch = createDispatcher(handlers, createAccessGuard(auth, auditLog));
  const retentionTimer = startRetentionAfterSync(
    retention,
    () => engine.status(),
    () => region.mode() === 'live',
  );
  const auditConflicts = createConflictAuditor(db, auditLog);
  // The idle lock happens on time even when nothing calls the services (an unattended desk); the
  // conflicts the sync engine found since the last round reach the audit log.
  const idleTimer = setInterval(() => {
    try {
      auth.tick();
      auditConflicts();
    } catch (error) {
      log.error('idle or conflict audit check failed', {
        errorClass: error instanceof Error ? error.name : typeof error,
      });
    }
  }, 5_000);
  idleTimer.unref();
  engine.start();
  photoChecks.followSync(() => engine.status());
  log.info('services started', { shell: options.shell, mode: region.mode(), schemaVersion: db.schemaVersion });

  let closing: Promise<void> | null = null;
  return {
    handlers,
    dispatch,
    status: () => engine.status(),
    syncNow: (trigger) => engine.syncNow(trigger),
    demoAdmin: () => demoAdmin,
    lockSession: (reason) => void auth.lock(reason),
    audit: auditLog,
    close() {
      closing ??= (async () => {
        closed = true;
        clearInterval(idleTimer);
        clearInterval(retentionTimer);
        await engine.stop();
        await photoChecks.close();
        await region.close();
        db.close();
        log.info('services stopped');
        closeLogFile(options.dataDir);
      })();
      return closing;
    },
  };
}
