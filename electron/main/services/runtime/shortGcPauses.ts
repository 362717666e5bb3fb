/**
 * The process that answers the UI favours short garbage-collection pauses over a compact heap.
 *
 * Some seconds after a burst of allocation (a sync), once the process goes quiet, V8's memory
 * reducer runs a full collection that also compacts the old generation: it moves most live objects
 * to fresh pages to give memory back. Measured with --trace-gc-nvp on the app's heap after a
 * 2,000-request sync (about 18 MB live), that pause was 14-20 ms, 12 ms of it moving objects: the
 * longest stall of the UI thread while photos are checked in the background (target 20 ms). With
 * compaction off, the same collection paused 7 ms (the young generation is still evacuated), and the
 * old generation keeps its free space in its pages for later allocations instead of returning it.
 *
 * `--compact` is read when each full collection starts, so it can be turned off after start-up
 * (Electron's main process takes V8 flags from its command line only; Node and Electron keep V8's
 * flags writable). What it costs in memory is measured by the sync bench (`sync.rss_mb`, after a
 * 20,000-request pull, with this applied).
 */
import v8 from 'node:v8';
import { createLogger } from '../log/logger';

const log = createLogger('runtime.gc');

/** Best effort, once per process, before the services start. */
export function preferShortGcPauses(): void {
  try {
    v8.setFlagsFromString('--no-compact');
  } catch (error) {
    log.warn('could not turn off heap compaction; GC pauses stay longer', {
      errorClass: error instanceof Error ? error.name : typeof error,
    });
  }
}
