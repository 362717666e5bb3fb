/** What the handler modules share: built once by `createServices`. */
import { type ConnectionMonitor } from '../status/connectionMonitor';
import { type SettingsService } from '../settings/settingsService';
import { type AppDatabase } from '../store/openDatabase';
import { type RegionConnection } from '../app/regionConnection';

export interface HandlerContext {
  db: AppDatabase;
  shell: 'electron' | 'headless';
  appVersion: string;
  settings: SettingsService;
  region: RegionConnection;
  monitor: ConnectionMonitor;
  /** Re-reads the settings and retargets the Region connection (demo ↔ live). */
  applySettings(): Promise<void>;
}
