/**
 * The conflicts and errors view against the real host in demo mode. The problems come from the
 * Region itself: a decision taken on an older version than the Region's (409 version-conflict: the
 * student changed the request since), a redirection to an establishment the Region does not know
 * (422 UAI_UNKNOWN: the one business rule this workstation cannot check), and a request another
 * workstation decided first (409 already-decided), played through the demo simulator's admin.
 */
import { type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DECISION_MESSAGES } from '../../electron/main/services/sync/decisionMessages';
import { makeUai } from '../../shared/domain/uai';
import { fr } from '../../renderer/i18n/fr';
import { type CallApi, expect, expectNoSeriousA11yViolations, openShell, test } from './fixtures';

const ARTIFACTS = resolve(import.meta.dirname, '..', 'artifacts');
const t = fr.conflicts;

async function problemsAfterSync(callApi: CallApi, decisionIds: string[]) {
  await callApi('sync:run');
  await expect
    .poll(
      async () => {
        const items = (await callApi('decisions:problems')).items;
        return decisionIds.every((id) => items.some((p) => p.decision.id === id));
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return (await callApi('decisions:problems')).items;
}

function item(page: Page, fileNumber: string) {
  return page.locator(`[data-testid="conflict-item"][data-file-number="${fileNumber}"]`);
}

test.describe('conflicts and errors', () => {
  test.beforeAll(() => mkdirSync(ARTIFACTS, { recursive: true }));

  test('a version conflict and a refused redirection show beside the Region’s state and can be resolved', async ({
    page,
    host,
    callApi,
  }) => {
    const queue = await callApi('requests:queue', {
      filter: { view: 'toReview', hasPhoto: true },
      offset: 0,
      limit: 200,
    });
    const stale = queue.rows.find((r) => r.version >= 2);
    const other = queue.rows.find((r) => r.id !== stale?.id);
    expect(stale, 'a request the student changed since it was filed (version ≥ 2)').toBeDefined();
    expect(other).toBeDefined();

    // Seen on an older version than the Region's: the Region answers 409 version-conflict.
    const conflict = await callApi('decisions:record', {
      requestId: stale!.id,
      seenVersion: stale!.version - 1,
      decision: 'APPROVED',
      photoVerdict: 'COMPLIANT',
      reasonCodes: [],
    });
    const reason = (await callApi('reference:reasons')).items.find((r) => r.active && r.appliesTo === 'PREVALIDATION')!;
    // A redirection to its own establishment breaks a rule this workstation knows: the services
    // refuse to queue it, whatever the UI (the Region would answer 422).
    await expect(
      callApi('decisions:record', {
        requestId: other!.id,
        seenVersion: other!.version,
        decision: 'REDIRECTED',
        photoVerdict: 'COMPLIANT',
        reasonCodes: [reason.code],
        targetUai: other!.establishmentUai,
      }),
    ).rejects.toThrow(/decisions:record failed: INVALID_INPUT/);
    // Only the Region knows its directory: a well-formed UAI it does not know is refused there (422).
    const unknownUai = makeUai('976', 9_876);
    const refused = await callApi('decisions:record', {
      requestId: other!.id,
      seenVersion: other!.version,
      decision: 'REDIRECTED',
      photoVerdict: 'COMPLIANT',
      reasonCodes: [reason.code],
      targetUai: unknownUai,
    });
    const problems = await problemsAfterSync(callApi, [conflict.id, refused.id]);
    const conflictProblem = problems.find((p) => p.decision.id === conflict.id)!;
    expect(conflictProblem.decision.state).toBe('CONFLICT');
    expect(conflictProblem.current?.version).toBe(stale!.version);
    expect(problems.find((p) => p.decision.id === refused.id)?.decision.state).toBe('ERROR');

    await openShell(page, host);
    await page.getByRole('navigation', { name: fr.nav.label }).getByRole('link', { name: fr.nav.conflicts }).click();
    await expect(page.getByRole('heading', { level: 2, name: t.title })).toBeFocused();
    await expect(page.getByTestId('conflicts-count')).toHaveText(t.count(String(problems.length)));

    const conflictItem = item(page, stale!.fileNumber);
    await expect(conflictItem).toContainText(t.kind.CONFLICT!);
    // The local decision beside the Region's current state (status and newer version).
    await expect(conflictItem.getByTestId('conflict-local')).toContainText(fr.prevalidation.outcome.APPROVED);
    await expect(conflictItem.getByTestId('conflict-server')).toContainText(
      t.serverStatus(fr.status.SUBMITTED, String(stale!.version)),
    );
    const errorItem = item(page, other!.fileNumber);
    await expect(errorItem).toContainText(t.kind.ERROR!);
    await expect(errorItem.getByTestId('conflict-local')).toContainText(t.target(unknownUai));

    await page.screenshot({ path: resolve(ARTIFACTS, 'conflicts.png'), fullPage: true });
    await expectNoSeriousA11yViolations(page, t.title);

    // Keep: the same decision is sent again on the Region's current version, and is accepted.
    await conflictItem.getByRole('button', { name: t.keep }).click();
    await expect(page.getByTestId('conflicts-announcer')).toHaveText(t.keepDone(stale!.fileNumber));
    await expect(conflictItem).toHaveCount(0);
    await expect
      .poll(
        async () => {
          const mine = (await callApi('decisions:list')).items.filter(
            (d) => d.requestId === stale!.id && d.state !== 'DROPPED',
          );
          return mine.map((d) => [d.state, d.seenVersion]);
        },
        { timeout: 30_000 },
      )
      .toContainEqual(['ACKED', stale!.version]);

    // Re-decide the refused redirection as a rejection, through the dialog's form.
    await errorItem.getByRole('button', { name: t.redecide }).click();
    const dialog = page.getByRole('dialog', { name: t.redecideTitle(other!.fileNumber) });
    await expect(dialog).toBeVisible();
    await expectNoSeriousA11yViolations(page, t.redecideTitle(other!.fileNumber));
    await dialog.getByRole('radio', { name: fr.prevalidation.form.reject }).check();
    await dialog.getByRole('button', { name: fr.prevalidation.form.submit }).click();
    await expect(page.getByTestId('conflicts-announcer')).toHaveText(t.redecideDone(other!.fileNumber));
    await expect(errorItem).toHaveCount(0);
    await expect
      .poll(
        async () =>
          (await callApi('decisions:list')).items
            .filter((d) => d.requestId === other!.id && d.state !== 'DROPPED')
            .map((d) => [d.decision, d.state]),
        { timeout: 30_000 },
      )
      .toEqual([['REJECTED', 'ACKED']]);
    expect((await callApi('decisions:problems')).items.map((p) => p.decision.id)).not.toContain(refused.id);
  });

  test('another workstation decided first: the conflict shows the Region’s decision beside ours, keep is refused, drop resolves it', async ({
    page,
    host,
    callApi,
    simAdmin,
  }) => {
    const queue = await callApi('requests:queue', {
      filter: { view: 'toReview', hasPhoto: true },
      offset: 0,
      limit: 200,
    });
    // Away from the start of the queue, which the other tests use.
    const row = queue.rows[queue.rows.length - 1];
    expect(row, 'a request to review with a photo').toBeDefined();

    // The other desk rejects it at the Region; this desk, not synced since, approves it (pending).
    await simAdmin('decideElsewhere', row!.id, 'REJECTED');
    const mine = await callApi('decisions:record', {
      requestId: row!.id,
      seenVersion: row!.version,
      decision: 'APPROVED',
      photoVerdict: 'COMPLIANT',
      reasonCodes: [],
    });
    expect(mine.state).toBe('PENDING');

    // « Synchroniser maintenant », as staff would.
    await openShell(page, host);
    await page.getByRole('button', { name: fr.sync.syncNow }).first().click();
    await expect
      .poll(async () => (await callApi('decisions:list')).items.find((d) => d.id === mine.id)?.state, {
        timeout: 30_000,
      })
      .toBe('CONFLICT');
    const problem = (await callApi('decisions:problems')).items.find((p) => p.decision.id === mine.id)!;
    expect(problem.current?.status).toBe('REJECTED');

    await page.getByRole('navigation', { name: fr.nav.label }).getByRole('link', { name: fr.nav.conflicts }).click();
    await expect(page.getByRole('heading', { level: 2, name: t.title })).toBeFocused();
    const conflictItem = item(page, row!.fileNumber);
    await expect(conflictItem).toContainText(t.kind.CONFLICT!);
    await expect(conflictItem).toContainText(DECISION_MESSAGES.alreadyDecided);
    // Our decision (Pré-validée) beside the Region's current state (Refusée, by the other desk).
    await expect(conflictItem.getByTestId('conflict-local')).toContainText(fr.prevalidation.outcome.APPROVED);
    const server = conflictItem.getByTestId('conflict-server');
    await expect(server).toContainText(t.serverStatus(fr.status.REJECTED, String(problem.current!.version)));
    await expect(server).toContainText(t.serverDecision(fr.prevalidation.outcome.REJECTED, 'Autre poste'));
    await expectNoSeriousA11yViolations(page, t.title);
    await conflictItem.scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve(ARTIFACTS, 'conflicts-other-desk.png'), fullPage: true });

    // Keeping it cannot work: the request no longer awaits pre-validation at the Region.
    await conflictItem.getByRole('button', { name: t.keep }).click();
    await expect(page.getByTestId('conflicts-announcer')).toContainText(t.failedAction(''));
    await expect(conflictItem).toHaveCount(1);

    // Drop: the problem leaves the list, our decision stays in the audit trail, the Region's stands.
    await conflictItem.getByRole('button', { name: t.drop }).click();
    await expect(page.getByTestId('conflicts-announcer')).toHaveText(t.dropDone(row!.fileNumber));
    await expect(conflictItem).toHaveCount(0);
    expect((await callApi('decisions:list')).items.find((d) => d.id === mine.id)?.state).toBe('DROPPED');
    expect((await callApi('decisions:problems')).items.map((p) => p.decision.id)).not.toContain(mine.id);
    expect((await simAdmin('countDecisions', row!.id)) as number).toBe(1);
    const detail = await callApi('requests:detail', { requestId: row!.id });
    expect(detail.request.status).toBe('REJECTED');
  });

  test('drop: a problem given up leaves the list and stays in the audit trail as dropped', async ({
    page,
    host,
    callApi,
  }) => {
    const queue = await callApi('requests:queue', { filter: { view: 'toReview' }, offset: 0, limit: 200 });
    const row = queue.rows.find((r) => r.version >= 2);
    expect(row).toBeDefined();
    const decision = await callApi('decisions:record', {
      requestId: row!.id,
      seenVersion: row!.version - 1,
      decision: 'REJECTED',
      photoVerdict: 'COMPLIANT',
      reasonCodes: [(await callApi('reference:reasons')).items.find((r) => r.appliesTo === 'PREVALIDATION')!.code],
    });
    await problemsAfterSync(callApi, [decision.id]);

    await openShell(page, host);
    await page.getByRole('navigation', { name: fr.nav.label }).getByRole('link', { name: fr.nav.conflicts }).click();
    const problem = item(page, row!.fileNumber);
    await problem.getByRole('button', { name: t.drop }).click();
    await expect(page.getByTestId('conflicts-announcer')).toHaveText(t.dropDone(row!.fileNumber));
    await expect(problem).toHaveCount(0);
    const stored = (await callApi('decisions:list')).items.find((d) => d.id === decision.id);
    expect(stored?.state).toBe('DROPPED');
    // The request is back to treat, on the Region's current version.
    const detail = await callApi('requests:detail', { requestId: row!.id });
    expect(detail.request.status).toBe('SUBMITTED');
  });
});
