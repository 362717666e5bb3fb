import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BatchPrevalidationRequest,
  BatchPrevalidationResponse,
  Card,
  Me,
  PrevalidationDecision,
  ReasonCatalog,
  RequestChangesPage,
  RequestSnapshot,
  RevalidationRequest,
  NewRequest,
  Timeline,
  Problem,
} from '../../../shared/region-api/schemas';

// The OpenAPI document's own examples are the Region's word on what payloads look like: every
// one of them must parse with our schemas, or our schemas drifted from the contract.
const doc = parse(readFileSync(join(import.meta.dirname, '../../../shared/region-api/openapi.yaml'), 'utf8')) as {
  components: { examples: Record<string, { value: unknown }> };
  paths: Record<string, Record<string, unknown>>;
};

function example(name: string): unknown {
  const ex = doc.components.examples[name];
  if (!ex) throw new Error(`missing example ${name}`);
  return ex.value;
}

describe('Region API schemas accept the contract examples', () => {
  it.each([
    ['SubmittedRequest', RequestSnapshot],
    ['TransferredTombstone', RequestSnapshot],
    ['ActiveCard', Card],
    ['ReasonCatalog', ReasonCatalog],
    ['BatchResults', BatchPrevalidationResponse],
    ['VersionConflict', Problem],
  ] as const)('%s', (name, schema) => {
    expect(schema.safeParse(example(name)).success).toBe(true);
  });

  it('parses every item of the RequestChangesPage example', () => {
    const page = RequestChangesPage.parse(example('RequestChangesPage'));
    expect(page.items.map((i) => RequestSnapshot.safeParse(i).success)).toEqual([true, true, true]);
  });

  it('parses the /me examples', () => {
    const me = doc.paths['/me'] as {
      get: { responses: { 200: { content: Record<string, { examples: Record<string, { value: unknown }> }> } } };
    };
    const examples = me.get.responses[200].content['application/json']?.examples ?? {};
    expect(Object.keys(examples).length).toBeGreaterThan(0);
    for (const ex of Object.values(examples)) expect(Me.safeParse(ex.value).success).toBe(true);
  });
});

describe('request bodies are strict, as the Region rejects unknown members', () => {
  const decision = {
    decision: 'APPROVED',
    photoVerdict: 'COMPLIANT',
    reasonCodes: [],
    decidedBy: { staffId: 'secr-01', displayName: 'Nadia Haddad' },
    decidedAt: '2026-09-03T10:05:12+02:00',
  };
  it('accepts a decision and refuses an unknown member', () => {
    expect(PrevalidationDecision.safeParse(decision).success).toBe(true);
    expect(PrevalidationDecision.safeParse({ ...decision, extra: 1 }).success).toBe(false);
  });
  it('refuses duplicate reason codes and more than 100 batch items', () => {
    expect(PrevalidationDecision.safeParse({ ...decision, reasonCodes: ['A_B', 'A_B'] }).success).toBe(false);
    const item = {
      ...decision,
      requestId: 'fb60ec92-f56d-46ce-8ced-878bdb03f094',
      idempotencyKey: '4c451100-cdbe-4ac1-95a0-8aaf98513895',
      ifMatchVersion: 7,
    };
    expect(BatchPrevalidationRequest.safeParse({ items: [item] }).success).toBe(true);
    expect(BatchPrevalidationRequest.safeParse({ items: Array.from({ length: 101 }, () => item) }).success).toBe(false);
  });
  it('checks revalidation and new-request bodies', () => {
    expect(
      RevalidationRequest.safeParse({
        schoolYear: '2026-2027',
        uai: '0590001F',
        training: { type: 'LYCEE', classLabel: '1re générale' },
        decidedBy: { staffId: 'secr-01', displayName: 'Nadia Haddad' },
        decidedAt: '2026-09-01T08:47:10+02:00',
      }).success,
    ).toBe(true);
    expect(NewRequest.safeParse({}).success).toBe(false);
  });
  it('parses a timeline and tolerates unknown members in responses', () => {
    const t = Timeline.parse({
      requestId: 'fb60ec92-f56d-46ce-8ced-878bdb03f094',
      fileNumber: 'HDF-2026-0001234',
      items: [{ status: 'SUBMITTED', at: '2026-06-03T18:42:11Z', actor: 'STUDENT', extra: 'ignored' }],
    });
    expect(t.items[0]).not.toHaveProperty('extra');
  });
});
