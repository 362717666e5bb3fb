/** The renderer's session pieces that run without a browser: activity throttle, session mirror, audit filter. */
import { describe, expect, it } from 'vitest';
import { type Api } from '../../shared/ipc/contract';
import { type Result } from '../../shared/ipc/result';
import { type SessionView } from '../../shared/schemas/auth';
import { activityIntervalMs, createActivityThrottle } from '../../renderer/features/auth/activityThrottle';
import { createSessionStore } from '../../renderer/features/auth/sessionStore';
import { toAuditFilter } from '../../renderer/features/admin/auditFilterDraft';

const signedOut: SessionView = { state: 'signedOut', member: null, idleLockSeconds: 600 };
const active: SessionView = {
  state: 'active',
  member: { id: '6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b', login: 's', displayName: 'S', role: 'secretariat' },
  idleLockSeconds: 600,
};

describe('activity reporting', () => {
  it('reports at most every 30 s, and a third of a short idle delay', () => {
    expect(activityIntervalMs(600)).toBe(30_000);
    expect(activityIntervalMs(30)).toBe(10_000);
    expect(activityIntervalMs(1)).toBe(1_000);
    let now = 0;
    let sent = 0;
    const report = createActivityThrottle(
      10_000,
      () => (sent += 1),
      () => now,
    );
    for (const t of [0, 1, 5_000, 9_999, 10_000, 10_001, 25_000]) {
      now = t;
      report();
    }
    expect(sent).toBe(3);
  });
});

describe('session mirror', () => {
  it('drops a session read answered after a newer view (a slow poll cannot undo a sign-in)', async () => {
    let answer: (result: Result<SessionView>) => void = () => undefined;
    const api = {
      'auth:session': () => new Promise<Result<SessionView>>((resolve) => (answer = resolve)),
    } as unknown as Api;
    const store = createSessionStore(api);
    let notified = 0;
    store.subscribe(() => (notified += 1));
    const pending = store.refresh();
    store.apply(active);
    answer({ ok: true, value: signedOut });
    await pending;
    expect(store.getSnapshot().session).toEqual(active);
    expect(notified).toBe(1);
    // A later read is adopted; the same content again notifies nobody.
    const next = store.refresh();
    answer({ ok: true, value: signedOut });
    await next;
    expect(store.getSnapshot().session).toEqual(signedOut);
    const same = store.refresh();
    answer({ ok: true, value: signedOut });
    await same;
    expect(notified).toBe(2);
  });

  it('keeps the last known session and says why when the services do not answer', async () => {
    const api = {
      'auth:session': async (): Promise<Result<SessionView>> => ({
        ok: false,
        error: { code: 'UNAUTHORIZED', message: 'Accès refusé.' },
      }),
    } as unknown as Api;
    const store = createSessionStore(api);
    store.apply(active);
    await store.refresh();
    expect(store.getSnapshot()).toEqual({ session: active, unavailable: 'Accès refusé.' });
  });
});

describe('audit filter draft', () => {
  it('turns local calendar days into a whole-day period and drops empty or unknown fields', () => {
    const filter = toAuditFilter({
      action: 'staff.add',
      actorId: '',
      recordId: '  r-1 ',
      from: '2026-09-03',
      to: '2026-09-03',
    });
    expect(filter.action).toBe('staff.add');
    expect(filter.recordId).toBe('r-1');
    expect(filter.actorId).toBeUndefined();
    expect(Date.parse(filter.to!) - Date.parse(filter.from!)).toBe(24 * 3600 * 1000 - 1);
    expect(toAuditFilter({ action: 'drop.tables', actorId: '', recordId: '', from: '03/09/2026', to: '' })).toEqual({});
  });
});
