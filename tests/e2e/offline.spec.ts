/**
 * Offline, as at a secretariat whose network drops: the Region (the demo simulator) stops
 * answering, staff keep deciding from the local store, the sync bar says so, and once the Region
 * is back the decisions reach it — each exactly once.
 */
import { type APIRequestContext } from '@playwright/test';
import { fr } from '../../renderer/i18n/fr';
import { expect, openShell, test } from './fixtures';
import { type HostInfo } from './hostProcess';

async function setRegionOffline(request: APIRequestContext, host: HostInfo, offline: boolean): Promise<void> {
  if (!host.demoAdmin) throw new Error('[e2e] the host is not in demo mode: no simulator admin');
  // Faults live beside the admin operations: /__sim/faults/<op>.
  const faults = host.demoAdmin.url.replace(/\/admin$/, '/faults');
  const response = await request.post(`${faults}/offline`, {
    headers: { Authorization: `Bearer ${host.demoAdmin.token}` },
    data: { args: [offline] },
  });
  expect(response.status()).toBe(200);
}

test('offline: decide with the Region unreachable, then see the decision sent once it is back', async ({
  page,
  host,
  callApi,
  request,
  simAdmin,
}) => {
  await callApi('workspace:setState', {
    filter: { view: 'toReview', hasPhoto: true },
    selectedRequestId: null,
    scrollOffset: 0,
  });
  await setRegionOffline(request, host, true);
  try {
    await openShell(page, host);
    const bar = page.getByTestId('sync-indicator');
    await bar.getByRole('button', { name: fr.sync.syncNow }).click();
    await expect(page.getByTestId('sync-state')).toHaveText(fr.sync.phase.offline, { timeout: 20_000 });

    await page
      .getByRole('navigation', { name: fr.nav.label })
      .getByRole('link', { name: fr.nav.prevalidation })
      .click();
    const first = page.locator('[data-testid="queue-table"] tbody tr.pv-row').first();
    await expect(first).toBeVisible();
    const fileNumber = (await first.getAttribute('data-file-number')) ?? '';
    const known = new Set((await callApi('decisions:list')).items.map((d) => d.id));
    await first.click();
    await expect(page.getByTestId('request-detail')).toHaveAttribute('data-file-number', fileNumber);
    await page.getByTestId('request-detail').press('a');
    await expect(page.getByTestId('decision-announcer')).toContainText(fileNumber);

    // Earlier tests may have left decisions on this request (dropped ones): take the new one.
    const decision = (await callApi('decisions:list')).items.find((d) => !known.has(d.id));
    expect(decision?.fileNumber).toBe(fileNumber);
    expect(decision?.state).toBe('PENDING');
    await expect(page.getByTestId('sync-counts')).toContainText(fr.sync.counts('1', '0', '0').split(' · ')[0]!);
    // Still offline: a manual sync keeps it pending, visibly.
    await bar.getByRole('button', { name: fr.sync.syncNow }).click();
    await expect(page.getByTestId('sync-state')).toHaveText(fr.sync.phase.offline, { timeout: 20_000 });
    expect((await callApi('decisions:list')).items.find((d) => d.id === decision!.id)?.state).toBe('PENDING');

    await setRegionOffline(request, host, false);
    await bar.getByRole('button', { name: fr.sync.syncNow }).click();
    await expect
      .poll(async () => (await callApi('decisions:list')).items.find((d) => d.id === decision!.id)?.state, {
        timeout: 30_000,
      })
      .toBe('ACKED');
    await expect(page.getByTestId('sync-state')).toHaveText(fr.sync.phase.idle, { timeout: 20_000 });
    expect(await simAdmin('countDecisions', decision!.requestId)).toBe(1);
  } finally {
    await setRegionOffline(request, host, false);
  }
});
