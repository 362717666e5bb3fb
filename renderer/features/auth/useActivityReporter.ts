/** Reports keyboard, pointer and wheel activity to the services (throttled): the idle timer lives there. */
import { useEffect } from 'react';
import { type SessionView } from '../../../shared/schemas/auth';
import { useApi } from '../../transport/ApiContext';
import { activityIntervalMs, createActivityThrottle } from './activityThrottle';

const EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

export function useActivityReporter(idleLockSeconds: number, apply: (view: SessionView) => void): void {
  const api = useApi();
  useEffect(() => {
    const report = createActivityThrottle(activityIntervalMs(idleLockSeconds), () => {
      void api['auth:activity']().then((result) => {
        if (result.ok) apply(result.value);
      });
    });
    for (const name of EVENTS) window.addEventListener(name, report, { passive: true, capture: true });
    return () => {
      for (const name of EVENTS) window.removeEventListener(name, report, { capture: true });
    };
  }, [api, apply, idleLockSeconds]);
}
