/**
 * What the workspace restores after a restart (filters, selection, scroll), kept in the settings
 * table. Read back through its schema: a state saved by an older version that no longer fits is
 * ignored (the workspace opens on its defaults), never a crash.
 */
import { WorkspaceState } from '../../../../shared/ipc/contract';
import { type AppDatabase } from '../store/openDatabase';
import { getSetting, setSetting } from '../store/settingsRepo';

export const WORKSPACE_STATE_KEY = 'workspace.state';

export function getWorkspaceState(db: AppDatabase): WorkspaceState | null {
  return getSetting(db, WORKSPACE_STATE_KEY, WorkspaceState);
}

export function setWorkspaceState(db: AppDatabase, state: WorkspaceState): WorkspaceState {
  const valid = WorkspaceState.parse(state);
  setSetting(db, WORKSPACE_STATE_KEY, valid);
  return valid;
}
