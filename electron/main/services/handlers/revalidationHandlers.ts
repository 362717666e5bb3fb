/**
 * Returning students' revalidation: the cached roster, the desk look-up (and the Region's look-up
 * with a birth date, or a pending one offline), revalidations one by one or by class through the
 * outbox, and the daily record with its CSV export.
 */
import { type Handlers } from '../../../../shared/ipc/contract';
import { lookupRemote } from '../revalidation/cardLookups';
import { dailyRecord, exportDailyCsv } from '../revalidation/dailyRecord';
import { dismissRevalidation, listRevalidationProblems } from '../revalidation/revalidationProblems';
import { calendarOf, recordRevalidation, recordRevalidationBatch } from '../revalidation/revalidationLedger';
import { deskLookup, rosterPage, rosterSelection } from '../revalidation/rosterQuery';
import { type HandlerContext } from './handlerContext';

type RevalidationChannels =
  | 'cards:roster'
  | 'cards:select'
  | 'cards:lookup'
  | 'cards:lookupRemote'
  | 'revalidations:record'
  | 'revalidations:recordBatch'
  | 'revalidations:today'
  | 'revalidations:exportToday'
  | 'revalidations:problems'
  | 'revalidations:dismiss';

export function revalidationHandlers(context: HandlerContext): Pick<Handlers, RevalidationChannels> {
  const ledger = () => context.sync().ledgerContext();
  return {
    'cards:roster': (query) => rosterPage(context.db, query, calendarOf(ledger())),
    'cards:select': (filter) => rosterSelection(context.db, filter, calendarOf(ledger())),
    'cards:lookup': (input) => deskLookup(context.db, input.text, calendarOf(ledger())),
    'cards:lookupRemote': async (input) => {
      const result = await lookupRemote(ledger(), context.region.client(), input);
      // A pending look-up is asked at the next sync; nudge one as after a decision.
      if (result.outcome === 'pending') context.sync().afterLocalChange();
      return result;
    },
    'revalidations:record': (draft) => {
      const result = recordRevalidation(ledger(), draft);
      if (result.outcome === 'RECORDED') context.sync().afterLocalChange();
      return result;
    },
    'revalidations:recordBatch': (input) => {
      const result = recordRevalidationBatch(ledger(), input);
      if (result.recorded > 0) context.sync().afterLocalChange();
      return result;
    },
    'revalidations:today': () => dailyRecord(context.db, ledger().now()),
    'revalidations:exportToday': () => exportDailyCsv(context.db, ledger().now()),
    'revalidations:problems': () => ({ items: listRevalidationProblems(context.db) }),
    'revalidations:dismiss': (input) =>
      dismissRevalidation(context.db, input.revalidationId, new Date(ledger().now()).toISOString()),
  };
}
