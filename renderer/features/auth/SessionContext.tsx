/**
 * The signed-in member as the renderer knows it. The services own the session (and refuse calls
 * when it is locked or gone); this only mirrors it to choose the screen and the visible sections.
 */
import { createContext, useContext } from 'react';
import { type SessionMember, type SessionView } from '../../../shared/schemas/auth';

export interface SessionContextValue {
  member: SessionMember;
  idleLockSeconds: number;
  /** Adopts a session view answered by any auth channel. */
  apply(view: SessionView): void;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('[renderer.auth] useSession() outside <AuthGate>');
  return value;
}
