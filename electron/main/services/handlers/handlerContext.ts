/** What the handler modules share: built once by `createServices`. */
import { type SettingsService } from '../settings/settingsService';
import { type AppDatabase } from '../store/openDatabase';
import { type SyncEngine } from '../sync/syncEngine';
import { type RegionConnection } from '../app/regionConnection';

export interface HandlerContext {
  db: AppDatabase;
  shell: 'electron' | 'headless';
  appVersion: string;
  settings: SettingsService;
  region: RegionConnection;
  /** The engine of the current Region target (replaced on a demo ↔ live switch; the outbox stays). */
  sync(): SyncEngine;
  /** Re-reads the settings and retargets the Region connection (demo ↔ live). */
  applySettings(): Promise<void>;
}
