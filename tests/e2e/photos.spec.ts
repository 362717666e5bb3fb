/**
 * Photo checks through the headless host in demo mode: two requests get real photos through the
 * simulator's admin (a student uploading them) — a compliant real face and a blurred one made from
 * the face-api sample pictures (test fixtures only). After a sync the photo checks run in the
 * services' worker; the screens show them, the template overlay, the pre-filled verdict, and staff
 * decide (never the checks).
 */
import { type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { fr } from '../../renderer/i18n/fr';
import { composeIdPhoto, SAMPLE_FACES } from '../photoChecks/fixtures';
import { type CallApi, expect, expectNoSeriousA11yViolations, openShell, type SimAdmin, test } from './fixtures';

const ARTIFACTS = resolve(import.meta.dirname, '..', 'artifacts');
const t = fr.photoChecks;

async function uploadPhoto(simAdmin: SimAdmin, requestId: string, jpeg: Buffer): Promise<void> {
  const meta = await sharp(jpeg).metadata();
  await simAdmin('uploadPhoto', requestId, jpeg.toString('base64'), 'image/jpeg', meta.width, meta.height);
}

async function waitForChecks(callApi: CallApi, requestId: string) {
  for (let i = 0; i < 100; i += 1) {
    const answer = await callApi('photos:checks', { requestId });
    if (answer.state === 'ready') return answer;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('[e2e] photo checks never ready');
}

async function selectRequest(page: Page, fileNumber: string) {
  const search = page.getByRole('searchbox', { name: fr.prevalidation.search });
  await search.fill(fileNumber);
  const row = page.locator(`tr.pv-row[data-file-number="${fileNumber}"]`);
  await row.click();
  await expect(page.getByTestId('request-detail')).toHaveAttribute('data-file-number', fileNumber);
}

test.describe('photo checks', () => {
  test('a bad photo shows its failing checks and the overlay, the pre-filled verdict is accepted, a good one is approved', async ({
    page,
    host,
    callApi,
    simAdmin,
  }) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const toReview = await callApi('requests:queue', { filter: { view: 'toReview' }, offset: 0, limit: 40 });
    const [badRow, goodRow] = toReview.rows.filter((r) => r.hasPhoto).slice(0, 2);
    if (!badRow || !goodRow) throw new Error('[e2e] not enough requests to review');

    const good = await sharp(await composeIdPhoto({ sample: SAMPLE_FACES[0]! }))
      .flatten({ background: '#fff' })
      .jpeg({ quality: 90 })
      .toBuffer();
    const bad = await sharp(await composeIdPhoto({ sample: SAMPLE_FACES[4]! }))
      .flatten({ background: '#fff' })
      .blur(5)
      .jpeg({ quality: 90 })
      .toBuffer();
    await uploadPhoto(simAdmin, badRow.id, bad);
    await uploadPhoto(simAdmin, goodRow.id, good);
    await callApi('sync:run');
    const badChecks = await waitForChecks(callApi, badRow.id);
    const goodChecks = await waitForChecks(callApi, goodRow.id);
    expect(badChecks.report?.overall).toBe('fail');
    expect(badChecks.report?.suggestedReasonCodes).toContain('PHOTO_BLURRY');
    expect(goodChecks.report?.checks.filter((c) => c.verdict === 'fail')).toEqual([]);

    await openShell(page, host);
    // « Photos »: the queue of requests whose photo fails, opening the viewer.
    await page.getByRole('navigation', { name: fr.nav.label }).getByRole('link', { name: fr.nav.photos }).click();
    await expect(page.getByRole('heading', { level: 2, name: t.page.title })).toBeVisible();
    const flaggedRow = page.locator(`[data-testid="photos-flagged"] tr[data-request-id="${badRow.id}"]`);
    await expect(flaggedRow).toBeVisible();
    await expect(page.locator(`[data-testid="photos-flagged"] tr[data-request-id="${goodRow.id}"]`)).toHaveCount(0);
    await expectNoSeriousA11yViolations(page, 'Contrôle des photos');
    await page.screenshot({ path: resolve(ARTIFACTS, 'photos-queue.png'), fullPage: true });
    await flaggedRow.getByRole('button').click();
    await expect(page.getByTestId('photo-viewer')).toBeVisible();
    await expect(page.getByTestId('photo-check-sharpness')).toHaveAttribute('data-verdict', 'fail');
    await page.keyboard.press('Escape');

    // Pre-validation: the bad photo's detail shows the failing checks, the viewer its overlay.
    await callApi('workspace:setState', { filter: { view: 'toReview' }, selectedRequestId: null, scrollOffset: 0 });
    await page
      .getByRole('navigation', { name: fr.nav.label })
      .getByRole('link', { name: fr.nav.prevalidation })
      .click();
    await expect(page.getByRole('heading', { level: 2, name: fr.prevalidation.title })).toBeVisible();
    await selectRequest(page, badRow.fileNumber);
    const checklist = page.getByTestId('request-detail').getByTestId('photo-checklist');
    await expect(checklist).toHaveAttribute('data-overall', 'fail');
    await expect(checklist.getByTestId('photo-check-sharpness')).toContainText('photo floue');
    await expect(page.getByTestId('photo-prefill-note')).toContainText(t.verdictNonCompliant);

    await page.getByRole('button', { name: fr.prevalidation.detail.zoom }).click();
    const viewer = page.getByTestId('photo-viewer');
    await expect(viewer).toBeVisible();
    await expect(viewer.getByTestId('photo-overlay')).toBeVisible();
    await expect(viewer.getByTestId('photo-check-sharpness')).toHaveAttribute('data-verdict', 'fail');
    // Keyboard: zoom in, pan, toggle the template off and on.
    const stage = viewer.getByTestId('photo-stage');
    await stage.focus();
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await expect(stage).not.toHaveAttribute('data-zoom', '1');
    await page.keyboard.press('ArrowLeft');
    await expect(stage).toHaveAttribute('data-pan', '40,0');
    await page.keyboard.press('g');
    await expect(viewer.getByTestId('photo-overlay')).toHaveCount(0);
    await page.keyboard.press('g');
    await expect(viewer.getByTestId('photo-overlay')).toBeVisible();
    await page.keyboard.press('0');
    await expect(stage).toHaveAttribute('data-zoom', '1');
    await expectNoSeriousA11yViolations(page, 'Visionneuse photo');
    await page.screenshot({ path: resolve(ARTIFACTS, 'photos-viewer-bad.png') });
    await page.keyboard.press('Escape');
    await expect(viewer).toHaveCount(0);

    // The form is pre-filled: non-compliant photo with the blur reason; staff accept it as is.
    await expect(page.getByRole('checkbox', { name: /floue/i })).toBeChecked();
    await page.screenshot({ path: resolve(ARTIFACTS, 'photos-prefilled-form.png'), fullPage: true });
    await page.getByRole('button', { name: fr.prevalidation.form.submit }).click();
    await expect
      .poll(async () =>
        (await callApi('decisions:list')).items.filter((d) => d.requestId === badRow.id && d.state !== 'DROPPED'),
      )
      .toEqual([
        expect.objectContaining({
          decision: 'APPROVED',
          photoVerdict: 'NON_COMPLIANT',
          reasonCodes: expect.arrayContaining(['PHOTO_BLURRY']),
        }),
      ]);

    // The good photo: checks pass (or only ask for a look), the form proposes « Conforme »: approve.
    await selectRequest(page, goodRow.fileNumber);
    await expect(page.getByTestId('request-detail').getByTestId('photo-checklist')).not.toHaveAttribute(
      'data-overall',
      'fail',
    );
    await expect(page.getByTestId('photo-prefill-note')).toContainText(t.verdictCompliant);
    await page.getByRole('button', { name: fr.prevalidation.form.submit }).click();
    await expect
      .poll(async () =>
        (await callApi('decisions:list')).items.filter((d) => d.requestId === goodRow.id && d.state !== 'DROPPED'),
      )
      .toEqual([expect.objectContaining({ decision: 'APPROVED', photoVerdict: 'COMPLIANT', reasonCodes: [] })]);
    await page.screenshot({ path: resolve(ARTIFACTS, 'photos-good-approved.png'), fullPage: true });
  });
});
