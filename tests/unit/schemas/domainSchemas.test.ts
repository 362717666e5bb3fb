import { describe, expect, it } from 'vitest';
import { DecisionDraft } from '../../../shared/schemas/domain';
import { RegionApiUrl, SettingsUpdate, contract, CHANNELS, isChannel } from '../../../shared/ipc/contract';

const base = {
  requestId: 'fb60ec92-f56d-46ce-8ced-878bdb03f094',
  seenVersion: 7,
  decision: 'APPROVED',
  photoVerdict: 'COMPLIANT',
  reasonCodes: [],
} as const;

describe('decision drafts', () => {
  it.each([
    ['approval', base, true],
    [
      'redirect with a target',
      { ...base, decision: 'REDIRECTED', reasonCodes: ['WRONG_TRAINING_TYPE'], targetUai: '0590002G' },
      true,
    ],
    ['redirect without a target', { ...base, decision: 'REDIRECTED', reasonCodes: ['WRONG_TRAINING_TYPE'] }, false],
    ['approval with a target', { ...base, targetUai: '0590002G' }, false],
    ['duplicate reasons', { ...base, decision: 'REJECTED', reasonCodes: ['NOT_ENROLLED', 'NOT_ENROLLED'] }, false],
    ['comment of 500 characters', { ...base, comment: 'é'.repeat(500) }, true],
    ['comment of 501 characters', { ...base, comment: 'é'.repeat(501) }, false],
    ['unknown member', { ...base, extra: true }, false],
    ['version 0', { ...base, seenVersion: 0 }, false],
  ])('%s', (_label, draft, ok) => {
    expect(DecisionDraft.safeParse(draft).success).toBe(ok);
  });
});

describe('Region API URL setting', () => {
  it.each([
    ['', true],
    ['https://region-api.example/generation/v1', true],
    ['http://127.0.0.1:4010/generation/v1', true],
    ['http://localhost:4010/generation/v1', true],
    ['http://region-api.example/generation/v1', false],
    ['https://user:pass@region-api.example/', false],
    ['https://region-api.example/#frag', false],
    ['ftp://region-api.example/', false],
    ['not a url', false],
  ])('%s → %s', (url, ok) => expect(RegionApiUrl.safeParse(url).success).toBe(ok));

  it('refuses unknown members in a settings update', () => {
    expect(SettingsUpdate.safeParse({ regionApiUrl: '', clientId: '', admin: true }).success).toBe(false);
  });
});

describe('IPC contract', () => {
  it('names every channel domain:verb and knows only its own channels', () => {
    for (const c of CHANNELS) expect(c).toMatch(/^[a-z]+:[a-zA-Z]+$/);
    expect(isChannel('app:info')).toBe(true);
    expect(isChannel('toString')).toBe(false);
    expect(isChannel('__proto__')).toBe(false);
    expect(Object.keys(contract).length).toBe(CHANNELS.length);
  });
});
