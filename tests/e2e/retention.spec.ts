/**
 * The administrator's retention panel on its own host (the purge deletes demo rows, which the
 * shared host's other specs rely on): delay validation and save by keyboard, a purge on demand whose
 * report shows counts and ids but no name, and the axe check on each state.
 */
import { fr } from '../../renderer/i18n/fr';
import { ensureTestStaff, hostDispatcher } from '../support/staffSession';
import { expect, expectNoSeriousA11yViolations, openShell, tabTo, test } from './fixtures';
import { startHost } from './hostProcess';

test.describe('retention', () => {
  test('sets the delay by keyboard, purges on demand and shows a report without names', async ({ page }) => {
    const host = await startHost({ requests: 200 });
    try {
      const api = hostDispatcher(host.info.origin, host.info.token);
      await ensureTestStaff(api);
      await openShell(page, host.info, { as: 'administrator' });
      await page.getByRole('navigation', { name: fr.nav.label }).getByRole('link', { name: fr.nav.settings }).click();
      const panel = page.getByRole('region', { name: fr.retention.title });
      await expect(panel).toBeVisible();
      await expect(panel.getByText(fr.retention.noReport)).toBeVisible();
      const delay = panel.getByRole('textbox', { name: fr.retention.delayLabel });
      await expect(delay).toHaveValue('30');
      await expectNoSeriousA11yViolations(page, fr.retention.title);

      // Out of range: refused with a French message, nothing saved.
      await tabTo(page, delay);
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('0');
      await tabTo(page, panel.getByRole('button', { name: fr.retention.save }));
      await page.keyboard.press('Enter');
      await expect(panel.getByText(fr.retention.delayInvalid)).toBeVisible();
      await expect(delay).toHaveAttribute('aria-invalid', 'true');
      expect(await api.dispatch('retention:settings', undefined)).toMatchObject({ ok: true, value: { delayDays: 30 } });

      await delay.fill('12');
      await panel.getByRole('button', { name: fr.retention.save }).press('Enter');
      await expect(panel.getByText(fr.retention.saved)).toBeVisible();
      expect(await api.dispatch('retention:settings', undefined)).toMatchObject({ ok: true, value: { delayDays: 12 } });

      const before = await api.dispatch('store:stats', undefined);
      await tabTo(page, panel.getByRole('button', { name: fr.retention.purgeNow }));
      await page.keyboard.press('Enter');
      await expect(panel.getByText(fr.retention.purged)).toBeVisible();
      const report = await api.dispatch('retention:report', undefined);
      expect(report.ok).toBe(true);
      const value = (report as { value: { requests: { count: number; ids: string[] } } }).value;
      expect(value.requests.count).toBeGreaterThan(0);
      await expect(panel.getByText(fr.retention.requestsPurged(value.requests.count))).toBeVisible();
      await expect(panel.getByText(value.requests.ids[0]!, { exact: false })).toBeVisible();
      const after = await api.dispatch('store:stats', undefined);
      expect((after as { value: { requests: number } }).value.requests).toBe(
        (before as { value: { requests: number } }).value.requests - value.requests.count,
      );
      await expectNoSeriousA11yViolations(page, `${fr.retention.title} — compte rendu`);
    } finally {
      await host.stop();
    }
  });
});
