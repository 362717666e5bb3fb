/**
 * ID-photo pre-checks: one request's results (stored, or computed now in the worker), the
 * background queue's progress, and the requests to review whose photo warns or fails.
 */
import { type Handlers } from '../../../../shared/ipc/contract';
import { CHECKS_VERSION } from '../../../../shared/schemas/photoChecks';
import { type PhotoCheckService } from '../photoChecks/photoCheckService';
import { listFlaggedRequests } from '../store/photoChecksRepo';
import { type HandlerContext } from './handlerContext';

type PhotoChecksChannels = 'photos:checks' | 'photos:checkStatus' | 'photos:flagged';

export function photoChecksHandlers(
  context: HandlerContext,
  photoChecks: PhotoCheckService,
): Pick<Handlers, PhotoChecksChannels> {
  return {
    'photos:checks': (input) => photoChecks.checkRequest(input.requestId),
    'photos:checkStatus': () => photoChecks.status(),
    'photos:flagged': (query) => listFlaggedRequests(context.db, CHECKS_VERSION, query.verdict, query.limit),
  };
}
