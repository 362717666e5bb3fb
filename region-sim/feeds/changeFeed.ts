import { type FaultInjector } from '../faults/faultInjector';
import { badRequest, problemAnswer } from '../http/problems';
import { jsonAnswer, type HttpAnswer } from '../http/answer';
import { type Feed, type SimStore } from '../store/simStore';
import { type CursorCodec } from './cursorCodec';

export interface FeedQuery {
  feed: Feed;
  uai: string;
  clientId: string;
  cursor: string | null;
  limit: number;
}

interface PageItem {
  key: string;
  item: unknown;
  seq?: number;
}

/**
 * Both delta feeds. Without a cursor, a full resync pages through the current state by key; it
 * remembers the change-log position it started at, so changes made during the resync are
 * delivered again afterwards (at least once, never lost). With a cursor, the per-UAI change log.
 */
export function readFeedPage(store: SimStore, codec: CursorCodec, faults: FaultInjector, query: FeedQuery): HttpAnswer {
  const { feed, uai, clientId, limit } = query;
  let mode: 'r' | 'c' = 'r';
  let afterKey = '';
  let seq = store.lastChangeSeq();
  if (query.cursor !== null) {
    const check = codec.decode(query.cursor, { f: feed, u: uai, c: clientId });
    if (!check.ok) {
      return check.reason === 'expired'
        ? problemAnswer(410, 'cursor-expired', "Ce curseur n'est plus utilisable ; resynchronisez depuis le début.")
        : badRequest('invalid-cursor', "Ce curseur n'a pas été émis pour ce flux.", [
            { pointer: '#/query/cursor', code: 'INVALID_FORMAT' },
          ]);
    }
    mode = check.payload.m;
    afterKey = check.payload.k;
    seq = check.payload.s;
  }

  let items: PageItem[];
  let nextCursor: string;
  let hasMore: boolean;
  if (mode === 'r') {
    const rows =
      feed === 'requests'
        ? store.listRequestsForUai(uai, afterKey, limit + 1).map((r) => ({ key: r.id, item: r as unknown }))
        : store.listCardsForUai(uai, afterKey, limit + 1).map((c) => ({ key: c.cardNumber, item: c as unknown }));
    const more = rows.length > limit;
    items = rows.slice(0, limit);
    if (more) {
      nextCursor = codec.encode({
        f: feed,
        u: uai,
        c: clientId,
        m: 'r',
        k: items[items.length - 1]?.key ?? afterKey,
        s: seq,
      });
      hasMore = true;
    } else {
      nextCursor = codec.encode({ f: feed, u: uai, c: clientId, m: 'c', k: '', s: seq });
      hasMore = store.hasChangesAfter(feed, uai, seq);
    }
  } else {
    const rows = store.listChanges(feed, uai, seq, limit + 1);
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    items = page.map((r) => ({ key: r.objectId, item: r.item, seq: r.seq }));
    let lastSeq = page.length > 0 ? (page[page.length - 1]?.seq ?? seq) : seq;
    // Fault: hand back a cursor a little behind, so the next page repeats items across pages.
    if (page.length > 1 && faults.feedDraw('repeat')) lastSeq = page[page.length - 2]?.seq ?? lastSeq;
    nextCursor = codec.encode({ f: feed, u: uai, c: clientId, m: 'c', k: '', s: lastSeq });
    hasMore = more;
  }

  const delivered = applyFeedFaults(store, faults, feed, uai, items);
  if (faults.takeInvalidItem(feed, uai)) {
    delivered.push({ id: 'not-a-valid-id', version: 0, status: 'UNKNOWN_STATUS' });
  }
  return jsonAnswer(200, { items: delivered.slice(0, 500), nextCursor, hasMore });
}

function applyFeedFaults(
  store: SimStore,
  faults: FaultInjector,
  feed: Feed,
  uai: string,
  items: PageItem[],
): unknown[] {
  const out: unknown[] = [];
  for (const entry of items) {
    out.push(entry.item);
    if (faults.feedDraw('repeat')) out.push(entry.item);
    if (entry.seq !== undefined && faults.feedDraw('outOfOrder')) {
      const older = store.olderChange(feed, uai, entry.key, entry.seq);
      if (older !== undefined) out.push(older);
    }
  }
  return out;
}
