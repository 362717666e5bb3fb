/**
 * The renderer's mirror of the services' session, outside React (read with useSyncExternalStore):
 * polled, re-read at once when a call answers LOCKED or UNAUTHENTICATED, and updated by the views
 * the auth channels answer. A read answered after a newer view is dropped, so a slow poll cannot
 * undo a sign-in the member just did.
 */
import { type Api } from '../../../shared/ipc/contract';
import { type SessionView } from '../../../shared/schemas/auth';
import { SESSION_CHECK_EVENT } from './sessionAwareApi';

export const SESSION_POLL_MS = 3_000;

export interface SessionSnapshot {
  session: SessionView | null;
  /** The services' French message when the session could not be read. */
  unavailable: string | null;
}

export interface SessionStore {
  getSnapshot(): SessionSnapshot;
  subscribe(listener: () => void): () => void;
  apply(view: SessionView): void;
  refresh(): Promise<void>;
  /** Starts polling and listening; returns the stop function. */
  start(): () => void;
}

export function createSessionStore(api: Api): SessionStore {
  let snapshot: SessionSnapshot = { session: null, unavailable: null };
  let sequence = 0;
  const listeners = new Set<() => void>();

  function emit(next: SessionSnapshot): void {
    // Same content: keep the same object, so nothing re-renders on a quiet poll.
    if (JSON.stringify(next) === JSON.stringify(snapshot)) return;
    snapshot = next;
    for (const listener of listeners) listener();
  }

  async function refresh(): Promise<void> {
    const mine = ++sequence;
    const result = await api['auth:session']();
    if (mine !== sequence) return;
    emit(
      result.ok
        ? { session: result.value, unavailable: null }
        : { session: snapshot.session, unavailable: result.error.message },
    );
  }

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    apply(view) {
      sequence += 1;
      emit({ session: view, unavailable: null });
    },
    refresh,
    start() {
      const check = () => void refresh();
      check();
      const timer = window.setInterval(check, SESSION_POLL_MS);
      window.addEventListener(SESSION_CHECK_EVENT, check);
      return () => {
        window.clearInterval(timer);
        window.removeEventListener(SESSION_CHECK_EVENT, check);
      };
    },
  };
}
