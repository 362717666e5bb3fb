/**
 * The pre-validation workspace: the queue's pages and counters, one request's detail and photo, and
 * the workspace state restored after a restart. All answered from the local store, offline too.
 */
import { type Handlers } from '../../../../shared/ipc/contract';
import { photoData } from '../workspace/photoData';
import { queryQueue } from '../workspace/queueQuery';
import { requestDetail } from '../workspace/requestDetail';
import { getWorkspaceState, setWorkspaceState } from '../workspace/workspaceState';
import { type HandlerContext } from './handlerContext';

type WorkspaceChannels =
  'requests:queue' | 'requests:detail' | 'photos:get' | 'workspace:getState' | 'workspace:setState';

export interface WorkspaceOptions {
  /** The photo cache folder (the sync engine's). */
  photosDir: string;
}

export function workspaceHandlers(
  context: HandlerContext,
  options: WorkspaceOptions,
): Pick<Handlers, WorkspaceChannels> {
  return {
    'requests:queue': (query) => queryQueue(context.db, query),
    'requests:detail': (input) => requestDetail({ db: context.db, photosDir: options.photosDir }, input.requestId),
    'photos:get': (input) => photoData(context.db, options.photosDir, input.requestId),
    'workspace:getState': () => getWorkspaceState(context.db),
    'workspace:setState': (state) => setWorkspaceState(context.db, state),
  };
}
