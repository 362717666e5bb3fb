/**
 * The pre-validation workspace against the real host in demo mode: what the screen shows is
 * compared with the services' own answers (`callApi`), and every decision taken on screen is
 * checked in the outbox, then on its way to the Region through « Synchroniser maintenant ».
 */
import { type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type QueueFilter } from '../../shared/ipc/contract';
import { normalizeForSearch } from '../../shared/text/normalizeForSearch';
import { fr } from '../../renderer/i18n/fr';
import { type CallApi, expect, expectNoSeriousA11yViolations, openShell, test } from './fixtures';
import { type HostInfo } from './hostProcess';

const ARTIFACTS = resolve(import.meta.dirname, '..', 'artifacts');
const t = fr.prevalidation;

async function openWorkspace(page: Page, host: HostInfo, callApi: CallApi, filter: QueueFilter = { view: 'toReview' }) {
  // The workspace restores its saved state: start each test from a known one.
  await callApi('workspace:setState', { filter, selectedRequestId: null, scrollOffset: 0 });
  await openShell(page, host);
  await page.getByRole('navigation', { name: fr.nav.label }).getByRole('link', { name: fr.nav.prevalidation }).click();
  await expect(page.getByRole('heading', { level: 2, name: t.title })).toBeVisible();
  await expect(rows(page).first()).toBeVisible();
}

function rows(page: Page) {
  return page.locator('[data-testid="queue-table"] tbody tr.pv-row');
}

function announcer(page: Page) {
  return page.getByTestId('decision-announcer');
}

async function queue(callApi: CallApi, filter: QueueFilter, limit = 50) {
  return callApi('requests:queue', { filter, offset: 0, limit });
}

async function decisionsFor(callApi: CallApi, requestId: string) {
  return (await callApi('decisions:list')).items.filter((d) => d.requestId === requestId && d.state !== 'DROPPED');
}

function expectDetailOf(page: Page, fileNumber: string) {
  return expect(page.getByTestId('request-detail')).toHaveAttribute('data-file-number', fileNumber);
}

/** Selects the queue row of `requestId` by clicking it and waits for its detail. */
async function selectRow(page: Page, fileNumber: string) {
  await page.locator(`tr.pv-row[data-file-number="${fileNumber}"]`).click();
  await expectDetailOf(page, fileNumber);
}

const TO_REVIEW_WITH_PHOTO: QueueFilter = { view: 'toReview', hasPhoto: true };

/** The workspace on the requests to review that have a photo, the first selected; its first five rows. */
async function openOnFirstWithPhoto(page: Page, host: HostInfo, callApi: CallApi) {
  const { rows: queued } = await queue(callApi, TO_REVIEW_WITH_PHOTO, 5);
  await openWorkspace(page, host, callApi, TO_REVIEW_WITH_PHOTO);
  await selectRow(page, queued[0]!.fileNumber);
  return queued;
}

test.describe('pre-validation workspace', () => {
  test('queue: counters, oldest first, virtualized, search and filters match the services', async ({
    page,
    host,
    callApi,
  }) => {
    const expected = await queue(callApi, { view: 'toReview' }, 20);
    expect(expected.total).toBeGreaterThan(100);
    await openWorkspace(page, host, callApi);

    const table = page.getByTestId('queue-table');
    await expect(table).toHaveAttribute('data-total', String(expected.total));
    for (const view of ['toReview', 'prevalidated', 'conflicts', 'pendingSend'] as const) {
      await expect(page.getByTestId(`tab-${view}`)).toContainText(
        `(${expected.counters[view].toLocaleString('fr-FR')})`,
      );
    }
    // Oldest submission first, in the services' order.
    const shown = await rows(page).evaluateAll((trs) =>
      trs.slice(0, 10).map((tr) => tr.getAttribute('data-file-number')),
    );
    expect(shown).toEqual(expected.rows.slice(0, 10).map((r) => r.fileNumber));
    const dates = expected.rows.map((r) => r.submittedAt);
    expect([...dates].sort()).toEqual(dates);

    // Virtualized: a scroll to the middle keeps well under 200 rows in the DOM and shows the right ones.
    const scroller = page.getByTestId('queue-scroll');
    const middle = Math.floor(expected.total / 2);
    await scroller.evaluate((el, index) => el.scrollTo({ top: index * 37 }), middle);
    await expect(page.locator(`tr.pv-row[data-index="${middle}"]`)).toBeVisible();
    expect(await page.locator('[data-testid="queue-table"] tr').count()).toBeLessThan(200);
    const atMiddle = await callApi('requests:queue', { filter: { view: 'toReview' }, offset: middle, limit: 1 });
    await expect(page.locator(`tr.pv-row[data-index="${middle}"]`)).toHaveAttribute(
      'data-file-number',
      atMiddle.rows[0]!.fileNumber,
    );

    await page.screenshot({ path: resolve(ARTIFACTS, 'prevalidation-queue.png'), fullPage: false });
    await expectNoSeriousA11yViolations(page, t.title);

    // Search by name, accent- and case-insensitive: typed without accents, lower case.
    const target = expected.rows[3]!;
    const typed = normalizeForSearch(target.lastName).toLowerCase();
    const searchBox = page.getByRole('searchbox', { name: t.search });
    await searchBox.fill(typed);
    const bySearch = await queue(callApi, { view: 'toReview', search: typed });
    await expect(table).toHaveAttribute('data-total', String(bySearch.total));
    await expect(page.locator(`tr.pv-row[data-file-number="${target.fileNumber}"]`)).toBeVisible();

    // Search by file number: exactly that request.
    await searchBox.fill(target.fileNumber);
    await expect(table).toHaveAttribute('data-total', '1');
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toHaveAttribute('data-file-number', target.fileNumber);

    // Typing « a », « j » or « r » in the search box is text, never a shortcut.
    await searchBox.fill('');
    await searchBox.pressSequentially('ajr');
    await expect(searchBox).toHaveValue('ajr');
    await searchBox.fill('');

    // Filters: training type and photo, as the services count them.
    await page.getByRole('combobox', { name: t.trainingType }).selectOption('LP');
    await page.getByRole('combobox', { name: t.hasPhoto }).selectOption('no');
    const filtered = await queue(callApi, { view: 'toReview', trainingType: 'LP', hasPhoto: false });
    await expect(table).toHaveAttribute('data-total', String(filtered.total));
    if (filtered.total > 0) {
      await expect(rows(page).first()).toHaveAttribute('data-file-number', filtered.rows[0]!.fileNumber);
      await expect(rows(page).first()).toContainText(fr.training.LP);
      await expect(rows(page).first()).toContainText(t.flagNoPhoto);
    }

    // Filters survive a restart (saved through workspace:setState).
    await expect
      .poll(async () => (await callApi('workspace:getState'))?.filter)
      .toEqual({ view: 'toReview', trainingType: 'LP', hasPhoto: false });
    await page.reload();
    await expect(page.getByRole('combobox', { name: t.trainingType })).toHaveValue('LP');
    await expect(table).toHaveAttribute('data-total', String(filtered.total));
  });

  test('keyboard: approve with « a », focus moves to the next request, undo with « u »', async ({
    page,
    host,
    callApi,
  }) => {
    const queued = await openOnFirstWithPhoto(page, host, callApi);
    const [first, second] = queued;
    await expect(page.getByTestId('request-photo')).toBeVisible();
    await page.screenshot({ path: resolve(ARTIFACTS, 'prevalidation-detail.png'), fullPage: false });
    await expectNoSeriousA11yViolations(page, `${t.title} — ${t.detail.label}`);

    // « p » opens the photo large; Escape closes it.
    await page.locator(`tr.pv-row[data-file-number="${first!.fileNumber}"]`).focus();
    await page.keyboard.press('p');
    await expect(page.getByTestId('photo-zoom')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('photo-zoom')).toBeHidden();

    // « ? » lists the shortcuts.
    await page.locator(`tr.pv-row[data-file-number="${first!.fileNumber}"]`).focus();
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcut-help')).toBeVisible();
    await expectNoSeriousA11yViolations(page, t.help.title);
    await page.keyboard.press('Escape');

    await page.locator(`tr.pv-row[data-file-number="${first!.fileNumber}"]`).focus();
    await page.keyboard.press('a');
    await expect(announcer(page)).toHaveText(t.announce.approved(first!.fileNumber));
    await expect(page.locator(`tr.pv-row[data-file-number="${second!.fileNumber}"]`)).toBeFocused();
    // Undo only while the decision is not sent: the engine pushes 250 ms after a decision.
    await page.keyboard.press('u');
    await expect(announcer(page)).toHaveText(t.announce.undone(first!.fileNumber));
    expect(await decisionsFor(callApi, first!.id)).toEqual([]);
    await expect(page.locator(`tr.pv-row[data-file-number="${first!.fileNumber}"]`)).toHaveCount(1);

    await page.locator(`tr.pv-row[data-file-number="${first!.fileNumber}"]`).focus();
    await page.keyboard.press('a');
    await expect(announcer(page)).toHaveText(t.announce.approved(first!.fileNumber));
    const recorded = await decisionsFor(callApi, first!.id);
    expect(recorded.map((d) => [d.decision, d.photoVerdict, d.reasonCodes])).toEqual([['APPROVED', 'COMPLIANT', []]]);
    // The decided request left « à traiter »; the next one is selected and focused.
    await expect(page.locator(`tr.pv-row[data-file-number="${second!.fileNumber}"]`)).toBeFocused();
    await expect(page.getByTestId('request-detail')).toHaveAttribute('data-file-number', second!.fileNumber);
    await expect(page.locator(`tr.pv-row[data-file-number="${first!.fileNumber}"]`)).toHaveCount(0);

    // j / k move through the queue.
    await page.keyboard.press('j');
    await expect(page.getByTestId('request-detail')).toHaveAttribute('data-file-number', queued[2]!.fileNumber);
    await page.keyboard.press('k');
    await expect(page.getByTestId('request-detail')).toHaveAttribute('data-file-number', second!.fileNumber);
  });

  test('a decision key pressed while the request is loading applies to it once shown, and is dropped if the selection moves', async ({
    page,
    host,
    callApi,
  }) => {
    const [first, second, third, fourth] = await openOnFirstWithPhoto(page, host, callApi);
    const detailOf = (fileNumber: string) => expectDetailOf(page, fileNumber);

    // The next request's detail is held back: « a » arrives while it is still loading.
    let release = (): void => undefined;
    let held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/requests:detail', async (route) => {
      await held;
      await route.continue();
    });
    await page.locator(`tr.pv-row[data-file-number="${first!.fileNumber}"]`).focus();
    await page.keyboard.press('j');
    await page.keyboard.press('a');
    await expect(announcer(page)).toHaveText(t.announce.keyDeferred);
    expect(await decisionsFor(callApi, second!.id)).toEqual([]);
    release();
    await expect(announcer(page)).toHaveText(t.announce.approved(second!.fileNumber));
    expect((await decisionsFor(callApi, second!.id)).map((d) => d.decision)).toEqual(['APPROVED']);
    expect(await decisionsFor(callApi, first!.id)).toEqual([]);
    await detailOf(third!.fileNumber);

    // « a » on a loading request, then « k » before it arrives: the key is dropped, nothing decided.
    held = new Promise<void>((resolve) => (release = resolve));
    await page.keyboard.press('j');
    await page.keyboard.press('a');
    await expect(announcer(page)).toHaveText(t.announce.keyDeferred);
    await page.keyboard.press('k');
    release();
    await detailOf(third!.fileNumber);
    await page.unroute('**/api/requests:detail');
    await page.keyboard.press('j');
    await detailOf(fourth!.fileNumber);
    expect(await decisionsFor(callApi, fourth!.id)).toEqual([]);
    expect(await decisionsFor(callApi, third!.id)).toEqual([]);
    await expect(announcer(page)).toHaveText(t.announce.keyDeferred);
  });

  test('reject: the form refuses a rejection without reason or a long comment; « r » then a number rejects', async ({
    page,
    host,
    callApi,
  }) => {
    const reasons = (await callApi('reference:reasons')).items.filter(
      (r) => r.active && r.appliesTo === 'PREVALIDATION',
    );
    expect(reasons.length).toBeGreaterThan(1);
    const before = await queue(callApi, { view: 'toReview' }, 5);
    const [first, second] = before.rows;
    await openWorkspace(page, host, callApi);

    await selectRow(page, first!.fileNumber);
    const form = page.getByTestId('decision-form');
    await form.getByRole('radio', { name: t.form.reject }).check();
    await form.getByRole('textbox', { name: t.form.comment }).fill('x'.repeat(501));
    await form.getByRole('button', { name: t.form.submit }).click();
    await expect(form).toContainText(t.form.errors.reasonRequired);
    await expect(form).toContainText(t.form.errors.commentTooLong);
    expect(await decisionsFor(callApi, first!.id)).toEqual([]);

    // Two reasons and a short comment.
    await form.getByRole('checkbox', { name: t.form.reasonNumbered(1, reasons[0]!.labelFr) }).check();
    await form.getByRole('checkbox', { name: t.form.reasonNumbered(2, reasons[1]!.labelFr) }).check();
    await form.getByRole('textbox', { name: t.form.comment }).fill('Pièce manquante');
    await form.getByRole('button', { name: t.form.submit }).click();
    await expect(announcer(page)).toHaveText(t.announce.rejected(first!.fileNumber));
    const [rejected] = await decisionsFor(callApi, first!.id);
    expect(rejected?.decision).toBe('REJECTED');
    expect(rejected?.reasonCodes).toEqual([reasons[0]!.code, reasons[1]!.code]);
    expect(rejected?.comment).toBe('Pièce manquante');

    // Keyboard: « r » then « 2 » on the next request.
    await expect(page.getByTestId('request-detail')).toHaveAttribute('data-file-number', second!.fileNumber);
    await page.keyboard.press('r');
    await page.keyboard.press('2');
    await expect(announcer(page)).toHaveText(t.announce.rejected(second!.fileNumber));
    const [byKeyboard] = await decisionsFor(callApi, second!.id);
    expect(byKeyboard?.reasonCodes).toEqual([reasons[1]!.code]);
    await expect(page.getByTestId('tab-rejected')).toContainText(
      `(${(await queue(callApi, { view: 'rejected' }, 1)).counters.rejected.toLocaleString('fr-FR')})`,
    );
  });

  test('redirect: « d » proposes the establishment on the same site (lycée ↔ LP) first', async ({
    page,
    host,
    callApi,
  }) => {
    const candidates = await queue(callApi, { view: 'toReview' }, 30);
    let chosen: { fileNumber: string; id: string; sibling: string; own: string } | null = null;
    for (const row of candidates.rows) {
      const detail = await callApi('requests:detail', { requestId: row.id });
      if (detail.siblingEstablishment) {
        chosen = {
          fileNumber: row.fileNumber,
          id: row.id,
          sibling: detail.siblingEstablishment.uai,
          own: row.establishmentUai,
        };
        break;
      }
    }
    expect(chosen, 'a demo request on the cité scolaire (lycée + LP)').not.toBeNull();
    const info = await callApi('app:info');
    const types = new Map(info.establishments.map((e) => [e.uai, e.type]));
    expect([types.get(chosen!.own), types.get(chosen!.sibling)].sort()).toEqual(['LP', 'LYCEE']);

    await openWorkspace(page, host, callApi);
    await selectRow(page, chosen!.fileNumber);
    await page.locator(`tr.pv-row[data-file-number="${chosen!.fileNumber}"]`).focus();
    await page.keyboard.press('d');
    const form = page.getByTestId('decision-form');
    await expect(form.getByRole('radio', { name: t.form.redirect })).toBeChecked();
    await expect(page.getByTestId('target-select')).toHaveValue(new RegExp(chosen!.sibling));
    await expectNoSeriousA11yViolations(page, `${t.title} — ${t.form.redirect}`);
    // A redirection needs a reason too.
    await form.getByRole('button', { name: t.form.submit }).click();
    await expect(form).toContainText(t.form.errors.reasonRequired);
    await form.getByRole('checkbox').first().check();
    await form.getByRole('button', { name: t.form.submit }).click();
    await expect(announcer(page)).toHaveText(t.announce.redirected(chosen!.fileNumber));
    const [redirected] = await decisionsFor(callApi, chosen!.id);
    expect(redirected?.decision).toBe('REDIRECTED');
    expect(redirected?.targetUai).toBe(chosen!.sibling);
  });

  test('batch: Space and Shift+↓ select rows, a confirmation counts them, all are approved', async ({
    page,
    host,
    callApi,
  }) => {
    const picked = (await openOnFirstWithPhoto(page, host, callApi)).slice(0, 3);
    const firstRow = page.locator(`tr.pv-row[data-file-number="${picked[0]!.fileNumber}"]`);
    await firstRow.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await expect(page.getByTestId('batch-bar')).toContainText(t.batch.selected('3'));
    await page.getByRole('button', { name: t.batch.approve }).click();
    const dialog = page.getByRole('dialog', { name: t.batch.confirmTitle });
    await expect(dialog).toContainText(t.batch.confirm('3'));
    await expectNoSeriousA11yViolations(page, t.batch.confirmTitle);
    await dialog.getByRole('button', { name: t.batch.confirmButton('3') }).click();
    await expect(announcer(page)).toHaveText(t.announce.batch('3'));
    for (const row of picked) {
      // A request redirected to the sibling UAI of this same client comes back to treat there:
      // judge the decision taken on the version shown now.
      const onShownVersion = (await decisionsFor(callApi, row.id)).filter((d) => d.seenVersion === row.version);
      expect(onShownVersion.map((d) => d.decision)).toEqual(['APPROVED']);
    }
    // No batch rejection exists anywhere on the screen.
    await expect(page.getByRole('button', { name: /refuser la sélection/i })).toHaveCount(0);
  });

  test('decisions reach the Region: « Synchroniser maintenant » brings the pending count back to 0', async ({
    page,
    host,
    callApi,
  }) => {
    // The engine also pushes on its own shortly after each decision: whatever is left goes now.
    const taken = (await callApi('decisions:list')).items.filter((d) => d.state !== 'DROPPED').map((d) => d.id);
    expect(taken.length, 'decisions taken by the earlier tests').toBeGreaterThanOrEqual(6);
    await openWorkspace(page, host, callApi);
    await page.getByTestId('sync-indicator').getByRole('button', { name: fr.sync.syncNow }).click();
    await expect.poll(async () => (await callApi('sync:status')).pending, { timeout: 30_000 }).toBe(0);
    const after = await callApi('decisions:list');
    for (const id of taken) expect(after.items.find((d) => d.id === id)?.state).toBe('ACKED');
    const status = await callApi('sync:status');
    await expect(page.getByTestId('sync-counts')).toHaveText(
      fr.sync.counts('0', String(status.conflicts), String(status.errors)),
      { timeout: 15_000 },
    );
  });
});

test.beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
});
