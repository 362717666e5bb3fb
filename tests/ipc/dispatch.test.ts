import { describe, expect, it } from 'vitest';
import { type Handlers } from '../../shared/ipc/contract';
import { createDispatcher, type DispatchGuard } from '../../electron/main/services/ipc/dispatch';
import { INTERNAL_MESSAGE } from '../../electron/main/services/ipc/errorToResult';
import { RegionApiError, RegionUnreachableError } from '../../electron/main/services/region/regionErrors';
import { StoreOpenError } from '../../electron/main/services/store/openDatabase';

const settingsView = {
  regionApiUrl: '',
  clientId: 'desk-1',
  hasClientSecret: true,
  fromEnvironment: { regionApiUrl: false, clientId: false, clientSecret: false },
  mode: 'demo' as const,
};

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const status = {
    connection: 'online' as const,
    lastContactAt: null,
    lastSyncAt: null,
    clockSkewMs: 0,
    phase: 'idle' as const,
    progress: null,
    lastPushAt: null,
    oldestPendingAt: null,
    quarantined: 0,
    nextAttemptAt: null,
    pending: 0,
    conflicts: 0,
    errors: 0,
    message: null,
  };
  return {
    'app:info': () => ({
      appVersion: '1.0.0',
      mode: 'demo',
      shell: 'headless',
      clientKind: null,
      establishments: [],
      antennaName: null,
      currentSchoolYear: null,
      revalidationOpensOn: null,
      walletValidity: null,
    }),
    'sync:status': () => status,
    'sync:checkConnection': () => status,
    'settings:get': () => settingsView,
    'settings:update': () => settingsView,
    'students:search': (input) => ({ hits: [], tookMs: input.query.length }),
    'store:stats': () => ({ requests: 0, cards: 0, schemaVersion: 3 }),
    'sync:run': () => status,
    'decisions:record': () => {
      throw new Error('not used');
    },
    'decisions:undo': () => {
      throw new Error('not used');
    },
    'decisions:list': () => ({ items: [] }),
    'decisions:problems': () => ({ items: [] }),
    'decisions:resolve': () => {
      throw new Error('not used');
    },
    'decisions:exportPending': () => ({ fileName: 'x.csv', content: '', rows: 0 }),
    'decisions:approveBatch': (input) => ({
      recorded: [],
      refused: input.items.map((i) => ({ requestId: i.requestId, message: 'Refusée.' })),
    }),
    'requests:queue': (input) => ({
      total: 0,
      offset: input.offset,
      rows: [],
      counters: { toReview: 0, prevalidated: 0, rejected: 0, redirected: 0, conflicts: 0, pendingSend: 0, all: 0 },
    }),
    'requests:detail': () => {
      throw new Error('not used');
    },
    'photos:get': () => null,
    'photos:checks': (input) => ({
      requestId: input.requestId,
      state: 'noPhoto',
      report: null,
      previousPhotoRequestId: null,
    }),
    'photos:checkStatus': () => ({
      checksVersion: 1,
      pending: 0,
      checkedSinceStart: 0,
      running: false,
      faceModelAvailable: null,
    }),
    'photos:flagged': () => ({ items: [], total: 0 }),
    'reference:reasons': () => ({ items: [] }),
    'reference:establishments': () => ({ items: [] }),
    'workspace:getState': () => null,
    'workspace:setState': (state) => state,
    'auth:session': () => session,
    'auth:setup': () => session,
    'auth:signIn': () => session,
    'auth:unlock': () => session,
    'auth:signOut': () => session,
    'auth:lock': () => session,
    'auth:activity': () => session,
    'staff:list': () => ({ items: [] }),
    'staff:add': () => {
      throw new Error('not used');
    },
    'staff:update': () => {
      throw new Error('not used');
    },
    'staff:resetPassword': () => {
      throw new Error('not used');
    },
    'auth:getIdleLock': () => ({ idleLockSeconds: 600 }),
    'auth:setIdleLock': (input) => input,
    'audit:list': () => ({ total: 0, rows: [] }),
    'audit:verify': () => ({ ok: true, checked: 0, brokenAtSeq: null, problem: null }),
    'audit:export': () => ({ fileName: 'a.csv', content: '', rows: 0 }),
    'cards:roster': (input) => ({ total: 0, offset: input.offset, rows: [], classes: [], currentSchoolYear: null }),
    'cards:select': () => ({ cardNumbers: [], truncated: false }),
    'cards:lookup': () => ({ outcome: 'invalid', problem: 'EMPTY' }),
    'cards:lookupRemote': () => {
      throw new Error('not used');
    },
    'revalidations:record': () => {
      throw new Error('not used');
    },
    'revalidations:recordBatch': () => ({ recorded: 0, alreadyDone: 0, refused: 0, results: [] }),
    'revalidations:today': () => ({ date: '2026-09-01', revalidations: [], lookups: [] }),
    'revalidations:exportToday': () => ({ fileName: 'r.csv', content: '', rows: 0 }),
    'revalidations:problems': () => ({ items: [] }),
    'revalidations:dismiss': () => {
      throw new Error('not used');
    },
    'retention:purge': () => {
      throw new Error('not used');
    },
    'retention:report': () => null,
    'retention:settings': () => ({ delayDays: 30 }),
    'retention:updateSettings': (input) => input,
    ...overrides,
  };
}

const session = { state: 'signedOut' as const, member: null, idleLockSeconds: 600 };

/** Lets every call through as one member and records what would be audited. */
function openGuard(): DispatchGuard & { audited: { channel: string; actorId: string | null }[] } {
  const audited: { channel: string; actorId: string | null }[] = [];
  return {
    audited,
    authorize: () => ({ ok: true, actorId: 'member-1' }),
    succeeded: (channel, _input, _output, actorId) => void audited.push({ channel, actorId }),
  };
}

describe('createDispatcher', () => {
  it('answers a value for a valid call and strips members the contract does not know', async () => {
    const dispatch = createDispatcher(
      handlers({ 'settings:get': () => ({ ...settingsView, clientSecret: 'leak' }) as typeof settingsView }),
      openGuard(),
    );
    const result = await dispatch('settings:get', undefined);
    expect(result).toEqual({ ok: true, value: settingsView });
    expect(JSON.stringify(result)).not.toContain('leak');
    expect(await dispatch('students:search', { query: 'dup' })).toEqual({ ok: true, value: { hits: [], tookMs: 3 } });
  });

  it('refuses unknown channels, including inherited property names', async () => {
    const dispatch = createDispatcher(handlers(), openGuard());
    for (const channel of ['nope', '__proto__', 'constructor', 'toString', '']) {
      const result = await dispatch(channel, undefined);
      expect(result.ok === false && result.error.code).toBe('UNKNOWN_CHANNEL');
    }
  });

  it('names the invalid fields in French without echoing values or unknown keys', async () => {
    const dispatch = createDispatcher(handlers(), openGuard());
    const result = await dispatch('students:search', { query: 'x'.repeat(500), limit: 9999, secretKeyName: 'Dupont' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.message).toContain('« query »');
    expect(result.error.message).toContain('« limit »');
    expect(result.error.message).toContain('1 champ non reconnu');
    expect(result.error.message).not.toContain('xxxx');
    expect(result.error.message).not.toContain('Dupont');
    expect(result.error.message).not.toContain('secretKeyName');
  });

  it('maps handler errors to typed codes and never throws', async () => {
    const store = new StoreOpenError('LOCKED', 'Base déjà utilisée.');
    const cases: [unknown, string, string | null][] = [
      [store, 'UNAVAILABLE', 'Base déjà utilisée.'],
      [new RegionApiError(401, 'unauthorized', null), 'UNAUTHORIZED', null],
      [new RegionApiError(409, 'version-conflict', null), 'CONFLICT', null],
      [new RegionApiError(503, 'service-unavailable', 30), 'UNAVAILABLE', null],
      [new RegionUnreachableError('timeout'), 'UNAVAILABLE', null],
      [new TypeError('boom with Dupont'), 'INTERNAL', INTERNAL_MESSAGE],
      ['a string', 'INTERNAL', INTERNAL_MESSAGE],
    ];
    for (const [thrown, code, message] of cases) {
      const dispatch = createDispatcher(
        handlers({
          'store:stats': () => {
            throw thrown;
          },
        }),
        openGuard(),
      );
      const result = await dispatch('store:stats', undefined);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe(code);
      if (message) expect(result.error.message).toBe(message);
      expect(result.error.message).not.toContain('Dupont');
    }
  });

  it('survives hostile inputs: throwing getters and proxies', async () => {
    const dispatch = createDispatcher(handlers(), openGuard());
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
        get() {
          throw new Error('trap');
        },
      },
    );
    const result = await dispatch('students:search', hostile);
    expect(result.ok === false && result.error.code).toBe('INVALID_INPUT');
  });

  it('answers INTERNAL when a handler output breaks the contract', async () => {
    const dispatch = createDispatcher(
      handlers({ 'store:stats': () => ({ requests: -1, cards: 0, schemaVersion: 2 }) }),
      openGuard(),
    );
    const result = await dispatch('store:stats', undefined);
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } });
  });

  it('validates the workspace channels: bounded pages and batches, strict saved state', async () => {
    const dispatch = createDispatcher(handlers(), openGuard());
    const uuid = '6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b';
    const page = { filter: { view: 'toReview' }, offset: 40, limit: 100 };
    expect(await dispatch('requests:queue', page)).toMatchObject({ ok: true, value: { offset: 40 } });
    for (const bad of [
      { ...page, limit: 501 },
      { ...page, offset: -1 },
      { ...page, filter: { view: 'everything' } },
      { ...page, filter: { view: 'all', sort: 'random' } },
      { ...page, filter: { view: 'all', submittedFrom: '01/09/2026' } },
      { ...page, filter: { view: 'all', search: 'x'.repeat(101) } },
    ]) {
      expect(await dispatch('requests:queue', bad)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    const items = Array.from({ length: 501 }, () => ({ requestId: uuid, seenVersion: 1 }));
    expect(await dispatch('decisions:approveBatch', { items })).toMatchObject({ ok: false });
    expect(await dispatch('decisions:approveBatch', { items: [] })).toMatchObject({ ok: false });
    // A batch carries no decision of its own: no way to smuggle a rejection in.
    expect(
      await dispatch('decisions:approveBatch', { items: [{ requestId: uuid, seenVersion: 1 }], decision: 'REJECTED' }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(
      await dispatch('decisions:approveBatch', { items: [{ requestId: uuid, seenVersion: 1, decision: 'REJECTED' }] }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const state = { filter: { view: 'all' }, selectedRequestId: uuid, scrollOffset: 12 };
    expect(await dispatch('workspace:setState', state)).toEqual({ ok: true, value: state });
    expect(await dispatch('workspace:setState', { ...state, extra: 1 })).toMatchObject({ ok: false });
    expect(await dispatch('photos:get', { requestId: 'not-a-uuid' })).toMatchObject({ ok: false });
    expect(await dispatch('photos:get', { requestId: uuid })).toEqual({ ok: true, value: null });
  });

  it('asks the guard before parsing: a refused call never reaches input validation nor the handler', async () => {
    let called = 0;
    let audited = 0;
    const dispatch = createDispatcher(
      handlers({
        'students:search': () => {
          called += 1;
          return { hits: [], tookMs: 0 };
        },
      }),
      {
        authorize: () => ({ ok: false, error: { code: 'LOCKED', message: 'Session verrouillée.' } }),
        succeeded: () => void (audited += 1),
      },
    );
    // Invalid input: still LOCKED, not INVALID_INPUT (a refused caller learns nothing of the schema).
    expect(await dispatch('students:search', { nope: 1 })).toEqual({
      ok: false,
      error: { code: 'LOCKED', message: 'Session verrouillée.' },
    });
    expect(await dispatch('students:search', { query: 'dup' })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(called).toBe(0);
    expect(audited).toBe(0);
  });

  it('tells the guard about successful calls only, with the authorised member', async () => {
    const guard = openGuard();
    const dispatch = createDispatcher(
      handlers({
        'store:stats': () => {
          throw new Error('boom');
        },
      }),
      guard,
    );
    await dispatch('store:stats', undefined);
    await dispatch('students:search', { query: '' });
    await dispatch('students:search', { query: 'dup' });
    expect(guard.audited).toEqual([{ channel: 'students:search', actorId: 'member-1' }]);
  });

  it('still answers the call when writing its audit entry fails', async () => {
    const dispatch = createDispatcher(handlers(), {
      authorize: () => ({ ok: true, actorId: 'member-1' }),
      succeeded: () => {
        throw new Error('disk full');
      },
    });
    expect(await dispatch('students:search', { query: 'dup' })).toEqual({ ok: true, value: { hits: [], tookMs: 3 } });
  });
});
