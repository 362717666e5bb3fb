/**
 * Keeps local decisions and the Region's snapshots consistent, wherever a snapshot arrives from (a
 * feed page, a 409's `current`, a 200's `request`). Every function runs inside the caller's
 * transaction. A decision never vanishes: it is either acknowledged (the Region shows our decision)
 * or turned into a visible CONFLICT beside the server's current state.
 */
import {
  Me,
  type ActiveRequest,
  type RequestSnapshot,
  type RequestTombstone,
} from '../../../../shared/region-api/schemas';
import { createLogger } from '../log/logger';
import { ME_REFERENCE_KEY } from '../region/fetchMe';
import { bulkRequestIds } from '../store/bulkLoad';
import { type AppDatabase } from '../store/openDatabase';
import { getReference } from '../store/referenceRepo';
import { setOutboxOutcome, unackedEntriesFor, type OutboxRow } from '../store/outboxRepo';
import { applyRequestTombstones, upsertRequestsReleasing } from '../store/requestsRepo';
import { statementCache } from '../store/statementCache';
import { bodyOf, samePrevalidation } from './decisionRecords';
import { DECISION_MESSAGES } from './decisionMessages';
import { photoShasOf } from './photoCleanup';

const log = createLogger('sync.reconcile');

const statements = statementCache((sqlite) => ({
  refresh: sqlite.prepare<[string]>(
    `UPDATE requests SET local_state = COALESCE(
       (SELECT state FROM outbox WHERE kind = 'PREVALIDATION' AND target_id = requests.id
          AND state NOT IN ('ACKED', 'DROPPED') ORDER BY created_at DESC, id DESC LIMIT 1),
       'SYNCED')
     WHERE id = ?`,
  ),
  anyDecision: sqlite.prepare<[], { one: number }>("SELECT 1 AS one FROM outbox WHERE kind = 'PREVALIDATION' LIMIT 1"),
  hasDecision: sqlite.prepare<[string], { one: number }>(
    "SELECT 1 AS one FROM outbox WHERE kind = 'PREVALIDATION' AND target_id = ? LIMIT 1",
  ),
}));

/** The UAIs this install serves, from the cached `/me`. */
function clientUais(db: AppDatabase): Set<string> {
  return new Set((getReference(db, ME_REFERENCE_KEY, Me)?.value.establishments ?? []).map((e) => e.uai));
}

/** The request row's local_state follows its newest open decision (SYNCED when none). */
export function refreshLocalState(db: AppDatabase, requestId: string): void {
  statements(db).refresh.run(requestId);
}

function tombstoneMessage(snapshot: RequestTombstone): string {
  return snapshot.status === 'WITHDRAWN' ? DECISION_MESSAGES.withdrawn : DECISION_MESSAGES.transferred;
}

/**
 * The Region shows our decision applied → ACKED; shows another outcome or a tombstone → CONFLICT
 * with the snapshot kept; still SUBMITTED → nothing (If-Match decides when it is sent).
 */
export function settleAgainstSnapshot(
  db: AppDatabase,
  row: OutboxRow,
  snapshot: RequestSnapshot,
  nowIso: string,
  httpStatus: number | null = null,
): 'acked' | 'conflict' | 'unchanged' {
  if (snapshot.status === 'SUBMITTED') return 'unchanged';
  const currentJson = JSON.stringify(snapshot);
  if ('prevalidation' in snapshot) {
    if (samePrevalidation(snapshot.prevalidation, bodyOf(row))) {
      setOutboxOutcome(db, row.id, { state: 'ACKED', httpStatus, currentJson, final: true }, nowIso);
      log.info('decision recognised in the Region snapshot', { decisionId: row.id, requestId: row.target_id });
      return 'acked';
    }
  }
  const tombstone = !('prevalidation' in snapshot);
  setOutboxOutcome(
    db,
    row.id,
    {
      state: 'CONFLICT',
      httpStatus,
      errorCode: tombstone ? snapshot.status.toLowerCase() : 'already-decided',
      messageFr: tombstone ? tombstoneMessage(snapshot as RequestTombstone) : DECISION_MESSAGES.alreadyDecided,
      currentJson,
      final: true,
    },
    nowIso,
  );
  log.info('decision in conflict with the Region', { decisionId: row.id, requestId: row.target_id });
  return 'conflict';
}

/** Before a feed snapshot is applied: open decisions older than it are settled against it. */
export function reconcileFeedSnapshot(db: AppDatabase, snapshot: RequestSnapshot, nowIso: string): number {
  let settled = 0;
  for (const row of unackedEntriesFor(db, snapshot.id)) {
    if (snapshot.version <= (row.if_match_version ?? 0)) continue;
    if (settleAgainstSnapshot(db, row, snapshot, nowIso) !== 'unchanged') settled += 1;
  }
  return settled;
}

/** A request about to be swept by a full resync while a decision waits on it: CONFLICT, row kept. */
export function conflictVanished(db: AppDatabase, row: OutboxRow, nowIso: string): void {
  setOutboxOutcome(
    db,
    row.id,
    { state: 'CONFLICT', errorCode: 'not-delivered', messageFr: DECISION_MESSAGES.vanished, final: true },
    nowIso,
  );
  log.info('decision in conflict: request no longer delivered', { decisionId: row.id, requestId: row.target_id });
}

/**
 * Stores snapshots (newer versions only, tombstones drop the row) and returns the hashes of photos
 * that may no longer be used (dropped requests, replaced photos), to release after the commit.
 */
export function storeSnapshots(
  db: AppDatabase,
  actives: readonly ActiveRequest[],
  tombstones: readonly RequestTombstone[],
): { applied: number; tombstones: number; releasedShas: string[] } {
  const releasedShas: string[] = [];
  let applied = 0;
  if (actives.length > 0) {
    const stored = upsertRequestsReleasing(db, actives);
    applied = stored.applied;
    releasedShas.push(...stored.releasedShas);
  }
  let dropped = 0;
  // A request transferred (redirected) to another UAI of this same client is not gone: the other
  // UAI's feed delivers it, possibly at the very version of this tombstone, which would then refuse it.
  const own = tombstones.some((t) => t.status === 'TRANSFERRED') ? clientUais(db) : new Set<string>();
  tombstones = tombstones.filter(
    (t) => !(t.status === 'TRANSFERRED' && t.transferredToUai && own.has(t.transferredToUai)),
  );
  if (tombstones.length > 0) {
    // During a bulk load (no id index yet) only ids ever stored can have a photo to release.
    const loadedIds = bulkRequestIds(db);
    const ids = tombstones.map((t) => t.id).filter((id) => loadedIds === null || loadedIds.has(id));
    releasedShas.push(...photoShasOf(db, ids));
    dropped = applyRequestTombstones(db, tombstones).applied;
  }
  // Only requests with a decision can have a local state other than SYNCED (inserted rows default to it).
  const s = statements(db);
  // An empty outbox (a first sync) needs no lookup per row.
  if (s.anyDecision.get() !== undefined) {
    for (const snapshot of actives) if (s.hasDecision.get(snapshot.id)) s.refresh.run(snapshot.id);
  }
  return { applied, tombstones: dropped, releasedShas };
}
