import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  checkScopedDecision,
  checkWireDecision,
  type DecisionRuleCode,
  type DecisionSubject,
  type ScopedDecision,
  type WireDecision,
} from '../../../shared/domain/decisionRules';
import { ReasonCatalog, type Reason } from '../../../shared/region-api/schemas';
import { buildDraft, EMPTY_FORM, type DecisionFormState } from '../../../renderer/features/prevalidation/decisionForm';
import { fr } from '../../../renderer/i18n/fr';

// The catalogue as the Region publishes it (openapi.yaml's example), parsed with the app's schema,
// plus one retired reason per scope: the Region keeps retired codes in the catalogue.
const openapi = parse(readFileSync(join(import.meta.dirname, '../../../shared/region-api/openapi.yaml'), 'utf8')) as {
  components: { examples: { ReasonCatalog: { value: unknown } } };
};
const EXAMPLE = ReasonCatalog.parse(openapi.components.examples.ReasonCatalog.value).items;
const CATALOG: Reason[] = [
  ...EXAMPLE,
  { code: 'OLD_PREVALIDATION', labelFr: 'Ancien motif', appliesTo: 'PREVALIDATION', active: false },
  { code: 'OLD_PHOTO', labelFr: 'Ancien motif photo', appliesTo: 'PHOTO', active: false },
];
const codesOf = (scope: Reason['appliesTo']) =>
  EXAMPLE.filter((r) => r.active && r.appliesTo === scope).map((r) => r.code);
const [P1, P2] = codesOf('PREVALIDATION') as [string, string];
const [F1, F2] = codesOf('PHOTO') as [string, string];

const OWN = '0590001F';
const OTHER = '0590002G';
const WITH_PHOTO: DecisionSubject = { establishmentUai: OWN, hasPhoto: true };
const NO_PHOTO: DecisionSubject = { establishmentUai: OWN, hasPhoto: false };

type Case = [name: string, decision: WireDecision, subject: DecisionSubject, rules: DecisionRuleCode[]];

const approve = (
  reasonCodes: string[] = [],
  photoVerdict: WireDecision['photoVerdict'] = 'COMPLIANT',
): WireDecision => ({
  decision: 'APPROVED',
  photoVerdict,
  reasonCodes,
});
const reject = (reasonCodes: string[], photoVerdict: WireDecision['photoVerdict'] = 'COMPLIANT'): WireDecision => ({
  decision: 'REJECTED',
  photoVerdict,
  reasonCodes,
});
const redirect = (reasonCodes: string[], targetUai?: string | null): WireDecision => ({
  decision: 'REDIRECTED',
  photoVerdict: 'COMPLIANT',
  reasonCodes,
  ...(targetUai !== undefined ? { targetUai } : {}),
});

const CASES: Case[] = [
  // Valid decisions.
  ['approval, compliant photo, no reason', approve(), WITH_PHOTO, []],
  ['approval, non-compliant photo with photo reasons', approve([F1, F2], 'NON_COMPLIANT'), WITH_PHOTO, []],
  ['rejection with a prevalidation reason', reject([P1]), WITH_PHOTO, []],
  ['rejection without a photo (only approvals need one)', reject([P1]), NO_PHOTO, []],
  ['rejection with both scopes, non-compliant photo', reject([P1, F1], 'NON_COMPLIANT'), WITH_PHOTO, []],
  ['redirection to another establishment', redirect([P2], OTHER), WITH_PHOTO, []],
  // Reason required, per scope.
  ['rejection without reason', reject([]), WITH_PHOTO, ['REASON_REQUIRED']],
  ['rejection with a photo reason only', reject([F1]), WITH_PHOTO, ['REASON_REQUIRED', 'PHOTO_REASON_NOT_ALLOWED']],
  ['redirection without reason', redirect([], OTHER), WITH_PHOTO, ['REASON_REQUIRED']],
  ['non-compliant photo without a photo reason', approve([], 'NON_COMPLIANT'), WITH_PHOTO, ['PHOTO_REASON_REQUIRED']],
  [
    'non-compliant photo with a prevalidation reason only',
    approve([P1], 'NON_COMPLIANT'),
    WITH_PHOTO,
    ['REASON_NOT_ALLOWED', 'PHOTO_REASON_REQUIRED'],
  ],
  [
    'rejection, non-compliant photo, no photo reason',
    reject([P1], 'NON_COMPLIANT'),
    WITH_PHOTO,
    ['PHOTO_REASON_REQUIRED'],
  ],
  // No reason on an approval, no photo reason on a compliant photo.
  ['approval with a prevalidation reason', approve([P1]), WITH_PHOTO, ['REASON_NOT_ALLOWED']],
  ['approval, compliant photo, with a photo reason', approve([F1]), WITH_PHOTO, ['PHOTO_REASON_NOT_ALLOWED']],
  // Catalogue.
  ['unknown code', reject([P1, 'NOT_IN_CATALOG']), WITH_PHOTO, ['UNKNOWN_REASON_CODE']],
  [
    'only an unknown code: it counts for no scope',
    reject(['NOT_IN_CATALOG']),
    WITH_PHOTO,
    ['UNKNOWN_REASON_CODE', 'REASON_REQUIRED'],
  ],
  ['retired prevalidation reason', reject(['OLD_PREVALIDATION']), WITH_PHOTO, ['REASON_RETIRED']],
  ['retired photo reason', approve(['OLD_PHOTO'], 'NON_COMPLIANT'), WITH_PHOTO, ['REASON_RETIRED']],
  ['same reason twice', reject([P1, P1]), WITH_PHOTO, ['DUPLICATE_REASON']],
  // Destination.
  ['redirection without destination', redirect([P1]), WITH_PHOTO, ['TARGET_UAI_REQUIRED']],
  ['redirection with an empty destination', redirect([P1], ''), WITH_PHOTO, ['TARGET_UAI_REQUIRED']],
  ['redirection to its own establishment', redirect([P1], OWN), WITH_PHOTO, ['TARGET_UAI_SAME_AS_CURRENT']],
  ['destination on a rejection', { ...reject([P1]), targetUai: OTHER }, WITH_PHOTO, ['TARGET_UAI_NOT_ALLOWED']],
  ['destination on an approval', { ...approve(), targetUai: OTHER }, WITH_PHOTO, ['TARGET_UAI_NOT_ALLOWED']],
  // Photo.
  ['approval without a photo', approve(), NO_PHOTO, ['PHOTO_MISSING']],
  ['approval, non-compliant photo, without a photo', approve([F1], 'NON_COMPLIANT'), NO_PHOTO, ['PHOTO_MISSING']],
];

describe('decision rules against the catalogue (as the Region checks them)', () => {
  it.each(CASES)('%s', (_name, decision, subject, rules) => {
    const violations = checkWireDecision(decision, subject, CATALOG);
    expect(violations.map((v) => v.rule).sort()).toEqual([...rules].sort());
  });

  it('names the code at fault and the field it belongs to', () => {
    expect(checkWireDecision(approve([P1, 'OLD_PHOTO'], 'NON_COMPLIANT'), WITH_PHOTO, CATALOG)).toEqual([
      { rule: 'REASON_RETIRED', field: 'photoReasonCodes', reasonCode: 'OLD_PHOTO' },
      { rule: 'REASON_NOT_ALLOWED', field: 'reasonCodes', reasonCode: P1 },
    ]);
    expect(checkWireDecision(reject(['NOT_IN_CATALOG', P1]), WITH_PHOTO, CATALOG)).toEqual([
      { rule: 'UNKNOWN_REASON_CODE', field: 'reasonCodes', reasonCode: 'NOT_IN_CATALOG' },
    ]);
  });
});

describe('decision rules without a catalogue (never downloaded)', () => {
  it.each<[string, WireDecision, DecisionRuleCode[]]>([
    ['approval, compliant, no reason', approve(), []],
    ['approval with any code', approve([P1]), ['REASON_NOT_ALLOWED']],
    ['rejection without reason', reject([]), ['REASON_REQUIRED']],
    ['rejection with one code', reject(['ANY_CODE']), []],
    ['rejection, non-compliant photo, one code', reject([P1], 'NON_COMPLIANT'), ['PHOTO_REASON_REQUIRED']],
    ['rejection, non-compliant photo, two codes', reject([P1, F1], 'NON_COMPLIANT'), []],
    ['non-compliant photo without reason', approve([], 'NON_COMPLIANT'), ['PHOTO_REASON_REQUIRED']],
    ['same code twice', reject([P1, P1]), ['DUPLICATE_REASON']],
    ['redirection to its own establishment', redirect([P1], OWN), ['TARGET_UAI_SAME_AS_CURRENT']],
  ])('%s', (_name, decision, rules) => {
    expect(
      checkWireDecision(decision, WITH_PHOTO, null)
        .map((v) => v.rule)
        .sort(),
    ).toEqual([...rules].sort());
  });

  it('never refuses a decision the catalogue check accepts', () => {
    const known = CATALOG.map((r) => r.code);
    const decisions = fc.record({
      decision: fc.constantFrom('APPROVED', 'REJECTED', 'REDIRECTED' as const),
      photoVerdict: fc.constantFrom('COMPLIANT', 'NON_COMPLIANT' as const),
      reasonCodes: fc.uniqueArray(fc.constantFrom(...known), { maxLength: 4 }),
      targetUai: fc.constantFrom(undefined, OWN, OTHER),
    });
    fc.assert(
      fc.property(decisions, fc.boolean(), (decision, hasPhoto) => {
        const subject = { establishmentUai: OWN, hasPhoto };
        if (checkWireDecision(decision, subject, CATALOG).length === 0) {
          expect(checkWireDecision(decision, subject, null)).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('decision rules on reasons already split by scope', () => {
  const scoped = (over: Partial<ScopedDecision>): ScopedDecision => ({
    decision: 'APPROVED',
    photoVerdict: 'COMPLIANT',
    prevalidationReasonCodes: [],
    photoReasonCodes: [],
    ...over,
  });

  it.each<[string, ScopedDecision, DecisionRuleCode[]]>([
    ['approval', scoped({}), []],
    ['rejection with a reason', scoped({ decision: 'REJECTED', prevalidationReasonCodes: [P1] }), []],
    ['rejection without reason', scoped({ decision: 'REJECTED' }), ['REASON_REQUIRED']],
    ['approval with a reason', scoped({ prevalidationReasonCodes: [P1] }), ['REASON_NOT_ALLOWED']],
    ['compliant photo with a photo reason', scoped({ photoReasonCodes: [F1] }), ['PHOTO_REASON_NOT_ALLOWED']],
    ['non-compliant photo without reason', scoped({ photoVerdict: 'NON_COMPLIANT' }), ['PHOTO_REASON_REQUIRED']],
    [
      'one code in both lists',
      scoped({
        decision: 'REJECTED',
        photoVerdict: 'NON_COMPLIANT',
        prevalidationReasonCodes: [P1],
        photoReasonCodes: [P1],
      }),
      ['DUPLICATE_REASON'],
    ],
    [
      'redirection with a null destination',
      scoped({ decision: 'REDIRECTED', prevalidationReasonCodes: [P1], targetUai: null }),
      ['TARGET_UAI_REQUIRED'],
    ],
  ])('%s', (_name, choice, rules) => {
    expect(
      checkScopedDecision(choice, WITH_PHOTO)
        .map((v) => v.rule)
        .sort(),
    ).toEqual([...rules].sort());
  });
});

describe('the decision form uses the shared rules with its French messages', () => {
  const MESSAGES = fr.prevalidation.form.errors;
  const REQUEST = { id: '6f1c9e2a-4b7d-4e8f-9a0b-1c2d3e4f5a6b', version: 3, establishmentUai: OWN, hasPhoto: true };
  const form = (over: Partial<DecisionFormState>): DecisionFormState => ({ ...EMPTY_FORM, ...over });

  it.each<[string, DecisionFormState, typeof REQUEST, Record<string, string>]>([
    ['rejection without reason', form({ decision: 'REJECTED' }), REQUEST, { reasonCodes: MESSAGES.reasonRequired }],
    [
      'non-compliant photo without photo reason',
      form({ photoVerdict: 'NON_COMPLIANT' }),
      REQUEST,
      { photoReasonCodes: MESSAGES.photoReasonRequired },
    ],
    [
      'redirection without destination',
      form({ decision: 'REDIRECTED', reasonCodes: [P1] }),
      REQUEST,
      { targetUai: MESSAGES.targetRequired },
    ],
    [
      'redirection to its own establishment',
      form({ decision: 'REDIRECTED', reasonCodes: [P1], targetUai: OWN }),
      REQUEST,
      { targetUai: MESSAGES.targetSame },
    ],
    ['approval without photo', form({}), { ...REQUEST, hasPhoto: false }, { form: MESSAGES.noPhoto }],
  ])('%s', (_name, state, request, errors) => {
    expect(buildDraft(state, request)).toEqual({ ok: false, errors });
  });

  it('drops the reasons and destination the chosen outcome does not take, as before', () => {
    const check = buildDraft(
      form({ decision: 'APPROVED', reasonCodes: [P1], photoReasonCodes: [F1], targetUai: OTHER, comment: '  vu  ' }),
      REQUEST,
    );
    expect(check).toEqual({
      ok: true,
      draft: {
        requestId: REQUEST.id,
        seenVersion: 3,
        decision: 'APPROVED',
        photoVerdict: 'COMPLIANT',
        reasonCodes: [],
        comment: 'vu',
      },
    });
    // What the form accepts, the catalogue check accepts too.
    if (check.ok) expect(checkWireDecision(check.draft, WITH_PHOTO, CATALOG)).toEqual([]);
  });

  it('sends both scopes of a rejection with a non-compliant photo, which the catalogue check accepts', () => {
    const check = buildDraft(
      form({ decision: 'REJECTED', photoVerdict: 'NON_COMPLIANT', reasonCodes: [P2], photoReasonCodes: [F2] }),
      REQUEST,
    );
    expect(check.ok && check.draft.reasonCodes).toEqual([P2, F2]);
    if (check.ok) expect(checkWireDecision(check.draft, WITH_PHOTO, CATALOG)).toEqual([]);
  });
});
