/**
 * One delta feed (requests or cards) of one UAI, pulled until `hasMore` is false (README §3).
 *
 * Each page is applied in ONE SQLite transaction together with its `nextCursor`, so a crash
 * re-downloads at most one page. Items are parsed one by one: an invalid one is quarantined and
 * the page goes on. Without a cursor the feed is a full resync: delivered ids are remembered in
 * `resync_seen` (same transaction) and rows not delivered are swept when it ends, except requests
 * with a decision still waiting, which become a visible CONFLICT instead. A 410 cursor-expired or a
 * 400 invalid-cursor restarts the feed from scratch exactly once. Between pages the loop yields to
 * the event loop so the UI's calls are answered during a long pull.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  ActiveRequest,
  Card,
  CardChangesPage,
  RequestChangesPage,
  RequestTombstone,
  TOMBSTONE_STATUSES,
  type ActiveRequest as ActiveRequestT,
  type Card as CardT,
  type RequestTombstone as RequestTombstoneT,
} from '../../../../shared/region-api/schemas';
import { type z } from 'zod';
import { fastSafeParser } from '../../../../shared/validation/fastSafeParse';
import { createLogger } from '../log/logger';
import { type RegionClient } from '../region/regionClient';
import { RegionApiError } from '../region/regionErrors';
import { beginBulkLoad, tableIsEmpty } from '../store/bulkLoad';
import { upsertCards } from '../store/cardsRepo';
import { type AppDatabase } from '../store/openDatabase';
import { countOutbox, unackedEntriesFor } from '../store/outboxRepo';
import { statementCache } from '../store/statementCache';
import {
  beginFullResync,
  clearSeenChunk,
  getCursorState,
  markSeen,
  putCursorState,
  type FeedName,
} from '../store/syncCursorsRepo';
import { conflictVanished, reconcileFeedSnapshot, refreshLocalState, storeSnapshots } from './outboxReconcile';
import { photoShasOf } from './photoCleanup';

const log = createLogger('sync.feed');

// Feed items are checked by the ten thousand on a first sync: zod's schemas, compiled once.
const parseActiveRequest = fastSafeParser(ActiveRequest);
const parseTombstone = fastSafeParser(RequestTombstone);
const parseCard = fastSafeParser(Card);

/** A quarantined item's raw JSON is kept for support, up to this size. */
const QUARANTINE_RAW_MAX = 64 * 1024;

export interface FeedPullOptions {
  db: AppDatabase;
  client: RegionClient;
  feed: FeedName;
  uai: string;
  pageLimit: number;
  /** Local clock, for bookkeeping timestamps. */
  now: () => number;
  /** True once the engine is stopping: the loop ends after the current page. */
  stopping?: () => boolean;
  onPage?: (pages: number) => void;
}

export interface FeedPullResult {
  applied: number;
  pages: number;
  tombstones: number;
  quarantined: number;
  fullResync: boolean;
  httpCalls: number;
  /** Hashes of photos possibly no longer used, to release now that the rows are committed. */
  releasedShas: string[];
  /** Ended because the engine is stopping, before hasMore turned false. */
  interrupted: boolean;
}

const statements = statementCache((sqlite) => ({
  quarantine: sqlite.prepare<[string, string, string, string, string]>(
    'INSERT INTO quarantine (feed, uai, raw, error, received_at) VALUES (?, ?, ?, ?, ?)',
  ),
  dropCard: sqlite.prepare<[string, number]>('DELETE FROM cards WHERE card_number = ? AND version <= ?'),
  unseenRequests: sqlite.prepare<[string, string], { id: string }>(
    `SELECT id FROM requests WHERE establishment_uai = ?
       AND id NOT IN (SELECT object_id FROM resync_seen WHERE feed = 'requests' AND uai = ?)`,
  ),
  dropRequest: sqlite.prepare<[string]>('DELETE FROM requests WHERE id = ?'),
  anyRequestOf: sqlite.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM requests WHERE establishment_uai = ? LIMIT 1',
  ),
  anyCardOf: sqlite.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM cards WHERE establishment_uai = ? LIMIT 1',
  ),
  sweepCards: sqlite.prepare<[string, string]>(
    `DELETE FROM cards WHERE establishment_uai = ?
       AND card_number NOT IN (SELECT object_id FROM resync_seen WHERE feed = 'cards' AND uai = ?)`,
  ),
}));

function feedPath(feed: FeedName, uai: string, limit: number, cursor: string | null): string {
  const query = `limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
  return `establishments/${uai}/${feed}/changes?${query}`;
}

/** Where the item broke the schema: paths and codes only, never the values (personal data). */
function issueSummary(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.join('.') || '(root)'}:${issue.code}`)
    .join(', ');
}

/**
 * Starts a full resync. With no local row of this feed and UAI, nothing will need sweeping at the
 * end; with the whole table empty (a first sync), the rows are loaded in bulk (store/bulkLoad.ts).
 */
function startFullResync(options: FeedPullOptions, nowIso: string): void {
  const { db, feed, uai } = options;
  const s = statements(db);
  const fromEmpty = (feed === 'requests' ? s.anyRequestOf : s.anyCardOf).get(uai) === undefined;
  const bulk = fromEmpty && tableIsEmpty(db, feed);
  beginFullResync(db, feed, uai, nowIso, {
    fromEmpty,
    also: bulk ? () => void beginBulkLoad(db, feed) : undefined,
  });
  log.info('full resync started', { feed, uai, fromEmpty, bulk });
}

function isTombstone(raw: unknown): boolean {
  const status = typeof raw === 'object' && raw !== null ? (raw as { status?: unknown }).status : undefined;
  return typeof status === 'string' && (TOMBSTONE_STATUSES as readonly string[]).includes(status);
}

interface PageApply {
  applied: number;
  tombstones: number;
  quarantined: number;
  releasedShas: string[];
}

export async function pullFeed(options: FeedPullOptions): Promise<FeedPullResult> {
  const { db, client, feed, uai } = options;
  const iso = () => new Date(options.now()).toISOString();
  const result: FeedPullResult = {
    applied: 0,
    pages: 0,
    tombstones: 0,
    quarantined: 0,
    fullResync: false,
    httpCalls: 0,
    releasedShas: [],
    interrupted: false,
  };
  let restarted = false;
  const schema = feed === 'requests' ? RequestChangesPage : CardChangesPage;
  const request = (cursor: string | null): Promise<z.infer<typeof RequestChangesPage>> => {
    result.httpCalls += 1;
    return client.call({ path: feedPath(feed, uai, options.pageLimit, cursor) }, schema).then((r) => r.body);
  };
  // The next page is requested as soon as this one's cursor is known, while this one is applied:
  // network and SQLite work overlap instead of adding up. Its cursor is stored only with its own
  // items, so a crash still re-downloads at most one page.
  let prefetched: { cursor: string; page: Promise<z.infer<typeof RequestChangesPage>> } | null = null;
  const discardPrefetch = (): void => {
    prefetched?.page.catch(() => undefined);
    prefetched = null;
  };

  for (;;) {
    let state = getCursorState(db, feed, uai);
    if (state === null || (state.cursor === null && state.fullResyncStartedAt === null)) {
      startFullResync(options, iso());
      state = getCursorState(db, feed, uai);
    }
    const resyncStartedAt = state?.fullResyncStartedAt ?? null;
    // Delivered ids are recorded only if the end of the resync will sweep the rows not delivered.
    const trackSeen = resyncStartedAt !== null && state?.resyncFromEmpty !== true;
    if (resyncStartedAt !== null) result.fullResync = true;

    let page: z.infer<typeof RequestChangesPage>;
    try {
      const cursor = state?.cursor ?? null;
      const pending: Promise<z.infer<typeof RequestChangesPage>> =
        prefetched !== null && prefetched.cursor === cursor ? prefetched.page : request(cursor);
      if (prefetched !== null && prefetched.page !== pending) discardPrefetch();
      prefetched = null;
      page = await pending;
    } catch (error) {
      discardPrefetch();
      const expired = error instanceof RegionApiError && error.status === 410;
      const invalid = error instanceof RegionApiError && error.status === 400 && error.problemType === 'invalid-cursor';
      if ((expired || invalid) && !restarted && state?.cursor) {
        restarted = true;
        if (invalid) log.error('cursor refused as invalid (client bug); resyncing from scratch', { feed, uai });
        else log.warn('cursor expired; resyncing from scratch', { feed, uai });
        startFullResync(options, iso());
        continue;
      }
      throw error;
    }
    if (page.hasMore && !options.stopping?.()) {
      prefetched = { cursor: page.nextCursor, page: request(page.nextCursor) };
      prefetched.page.catch(() => undefined); // awaited (and its error handled) on the next turn
      // got writes the request only on a later turn of the event loop: writing this page first
      // (synchronous SQLite work) would hold it back, and the server would idle meanwhile (a quarter
      // of a first sync's time went to waiting so). This is also the loop's yield between two pages'
      // transactions, for the UI's calls.
      await yieldToEventLoop();
    }

    const applied = db.sqlite.transaction((): PageApply => {
      const outcome =
        feed === 'requests'
          ? applyRequestItems(options, page.items, trackSeen)
          : applyCardItems(options, page.items, trackSeen);
      putCursorState(db, feed, uai, page.nextCursor, resyncStartedAt, iso());
      return outcome;
    })();
    if (!page.hasMore && resyncStartedAt !== null) {
      // The sweep ends the resync in its own transaction, so no single one grows long enough to stall
      // the UI. A crash between the two leaves the resync open at the last cursor: the next pull
      // gets the (empty) last page again and sweeps then.
      await yieldToEventLoop();
      db.sqlite.transaction(() => {
        if (trackSeen) applied.releasedShas.push(...sweepUndelivered(options, iso()));
        putCursorState(db, feed, uai, page.nextCursor, null, iso());
      })();
    }
    result.pages += 1;
    result.applied += applied.applied;
    result.tombstones += applied.tombstones;
    result.quarantined += applied.quarantined;
    result.releasedShas.push(...applied.releasedShas);
    options.onPage?.(result.pages);

    if (!page.hasMore) {
      if (resyncStartedAt !== null) {
        log.info('full resync finished', { feed, uai, pages: result.pages });
        if (trackSeen) while (clearSeenChunk(db, feed, uai) > 0) await yieldToEventLoop();
      }
      return result;
    }
    if (options.stopping?.()) {
      discardPrefetch();
      result.interrupted = true;
      return result;
    }
  }
}

function quarantine(options: FeedPullOptions, raw: unknown, index: number, error: z.ZodError): void {
  let text = JSON.stringify(raw) ?? 'undefined';
  if (text.length > QUARANTINE_RAW_MAX) text = text.slice(0, QUARANTINE_RAW_MAX);
  statements(options.db).quarantine.run(
    options.feed,
    options.uai,
    text,
    issueSummary(error),
    new Date(options.now()).toISOString(),
  );
  log.warn('feed item quarantined', { feed: options.feed, uai: options.uai, index });
}

function applyRequestItems(options: FeedPullOptions, items: readonly unknown[], trackSeen: boolean): PageApply {
  const { db } = options;
  const actives: ActiveRequestT[] = [];
  const tombstones: RequestTombstoneT[] = [];
  let quarantined = 0;
  items.forEach((raw, index) => {
    if (isTombstone(raw)) {
      const parsed = parseTombstone(raw);
      if (parsed.success) tombstones.push(parsed.data);
      else {
        quarantine(options, raw, index, parsed.error);
        quarantined += 1;
      }
      return;
    }
    const parsed = parseActiveRequest(raw);
    if (parsed.success) actives.push(parsed.data);
    else {
      quarantine(options, raw, index, parsed.error);
      quarantined += 1;
    }
  });
  const nowIso = new Date(options.now()).toISOString();
  const counts = countOutbox(db).byState;
  if (counts.PENDING + counts.SENDING > 0) {
    for (const snapshot of [...actives, ...tombstones]) reconcileFeedSnapshot(db, snapshot, nowIso);
  }
  const stored = storeSnapshots(db, actives, tombstones);
  if (trackSeen) {
    markSeen(
      db,
      'requests',
      options.uai,
      actives.filter((a) => a.establishmentUai === options.uai).map((a) => a.id),
    );
  }
  return { applied: stored.applied, tombstones: stored.tombstones, quarantined, releasedShas: stored.releasedShas };
}

function applyCardItems(options: FeedPullOptions, items: readonly unknown[], trackSeen: boolean): PageApply {
  const { db, uai } = options;
  const staying: CardT[] = [];
  let quarantined = 0;
  let applied = 0;
  const s = statements(db);
  items.forEach((raw, index) => {
    const parsed = parseCard(raw);
    if (!parsed.success) {
      quarantine(options, raw, index, parsed.error);
      quarantined += 1;
      return;
    }
    // No tombstones for cards: one attached elsewhere (or nowhere) has left this roster.
    if (parsed.data.establishmentUai !== uai) {
      applied += s.dropCard.run(parsed.data.cardNumber, parsed.data.version).changes;
      return;
    }
    staying.push(parsed.data);
  });
  if (staying.length > 0) applied += upsertCards(db, staying).applied;
  if (trackSeen)
    markSeen(
      db,
      'cards',
      uai,
      staying.map((c) => c.cardNumber),
    );
  return { applied, tombstones: 0, quarantined, releasedShas: [] };
}

/** End of a full resync, inside the last page's transaction. */
function sweepUndelivered(options: FeedPullOptions, nowIso: string): string[] {
  const { db, feed, uai } = options;
  const s = statements(db);
  let released: string[] = [];
  if (feed === 'cards') {
    const swept = s.sweepCards.run(uai, uai).changes;
    if (swept > 0) log.info('cards swept after full resync', { uai, swept });
  } else {
    const unseen = s.unseenRequests.all(uai, uai).map((r) => r.id);
    const dropped: string[] = [];
    for (const id of unseen) {
      const waiting = unackedEntriesFor(db, id);
      if (waiting.length > 0) {
        for (const row of waiting) conflictVanished(db, row, nowIso);
        refreshLocalState(db, id);
        continue;
      }
      dropped.push(id);
    }
    released = photoShasOf(db, dropped);
    for (const id of dropped) s.dropRequest.run(id);
    if (unseen.length > 0)
      log.info('requests swept after full resync', {
        uai,
        swept: dropped.length,
        kept: unseen.length - dropped.length,
      });
  }
  return released;
}
