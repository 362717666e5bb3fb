import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { normalizeForSearch } from '../../shared/text/normalizeForSearch';
import { type StudentSearchHit } from '../../shared/schemas/domain';
import { fr } from '../../renderer/i18n/fr';
import { formatDate, formatNumber } from '../../renderer/i18n/format';
import { expect, expectNoSeriousA11yViolations, openShell, tabTo, test } from './fixtures';

const ARTIFACTS = resolve(import.meta.dirname, '..', 'artifacts');

test.describe('app shell in demo mode', () => {
  test('shows the demo badge, every establishment with its UAI and the school year', async ({
    page,
    host,
    callApi,
  }) => {
    const info = await callApi('app:info');
    expect(info.mode).toBe('demo');
    expect(info.establishments.length).toBeGreaterThan(0);

    await openShell(page, host);
    await expect(page.getByTestId('demo-badge')).toHaveText(fr.app.demoBadge);
    const expectedLine = info.establishments.map((e) => `${e.name} (${e.uai})`).join(' · ');
    await expect(page.getByTestId('establishments')).toHaveText(expectedLine);
    if (info.currentSchoolYear) {
      await expect(page.getByTestId('school-year')).toHaveText(fr.app.schoolYear(info.currentSchoolYear));
    }
    // The token leaves the address bar and survives a reload in the tab's session storage.
    expect(page.url()).not.toContain(host.token);
    await page.reload();
    await expect(page.getByTestId('demo-badge')).toBeVisible();
    await expect(page.getByRole('banner')).toBeVisible();
    await expect(page.getByRole('navigation', { name: fr.nav.label })).toBeVisible();
    await expect(page.getByRole('main')).toBeVisible();
  });

  test('the sync bar reflects the sync engine’s real state and can sync on demand', async ({ page, host, callApi }) => {
    await openShell(page, host);
    const indicator = page.getByTestId('sync-indicator');
    // Let the start-up sync settle: then the bar must show exactly what the services say.
    await expect.poll(async () => (await callApi('sync:status')).phase, { timeout: 30_000 }).toBe('idle');
    const status = await callApi('sync:status');
    expect(status.lastSyncAt).not.toBeNull();
    await expect(indicator).toHaveAttribute('data-phase', 'idle');
    await expect(page.getByTestId('sync-state')).toHaveText(fr.sync.phase.idle);
    await expect(page.getByTestId('sync-counts')).toHaveText(
      fr.sync.counts(String(status.pending), String(status.conflicts), String(status.errors)),
    );

    await indicator.getByRole('button', { name: fr.sync.syncNow }).click();
    await expect
      .poll(async () => (await callApi('sync:status')).lastSyncAt, { timeout: 30_000 })
      .not.toBe(status.lastSyncAt);
    await expect(page.getByTestId('sync-state')).toHaveText(fr.sync.phase.idle);
    await expect(page.getByRole('status').filter({ hasText: fr.sync.announce(fr.sync.phase.idle) })).toHaveCount(1);
  });

  test('every section is reachable with the keyboard alone and passes axe-core', async ({ page, host }) => {
    // The administrator sees every section.
    await openShell(page, host, { as: 'administrator' });
    await expectNoSeriousA11yViolations(page, fr.nav.home);

    // The skip link is the first stop and moves focus into the content.
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: fr.app.skipLink });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 2, name: fr.nav.home })).toBeFocused();

    const sections = ['prevalidation', 'photos', 'revalidation', 'conflicts', 'settings', 'admin', 'home'] as const;
    for (const section of sections) {
      const link = page.getByRole('navigation', { name: fr.nav.label }).getByRole('link', { name: fr.nav[section] });
      // Focus sits on the current section's heading, after the navigation: walk back to the link.
      await tabTo(page, link, { backwards: true });
      await page.keyboard.press('Enter');
      const heading = page.getByRole('heading', { level: 2, name: fr.nav[section] });
      await expect(heading).toBeFocused();
      await expect(link).toHaveAttribute('aria-current', 'page');
      // A section still to come says what it will do (others replace their placeholder as they land).
      if ((section === 'photos' || section === 'revalidation') && (await page.getByText(fr.upcoming.notice).count())) {
        await expect(page.getByRole('main')).toContainText(fr.upcoming[section]);
      }
      await expectNoSeriousA11yViolations(page, fr.nav[section]);
    }

    // The section is in the address, so a reload keeps it.
    await page.getByRole('link', { name: fr.nav.revalidation }).click();
    await page.reload();
    await expect(page.getByRole('heading', { level: 2, name: fr.nav.revalidation })).toBeVisible();
  });

  test('the home page shows the store counts and the search answers what the services answer', async ({
    page,
    host,
    callApi,
  }) => {
    const stats = await callApi('store:stats');
    await openShell(page, host);
    await expect(page.getByTestId('stats-requests')).toHaveText(formatNumber(stats.requests));
    await expect(page.getByTestId('stats-cards')).toHaveText(formatNumber(stats.cards));

    const field = page.getByRole('searchbox', { name: fr.home.searchLabel });
    for (const query of ['Martin', 'zzzz-aucun-eleve']) {
      const expected = await callApi('students:search', { query, limit: 50 });
      await field.fill(query);
      await expect(page.getByTestId('search-summary')).toHaveAttribute('data-query', query);
      await expect(page.getByTestId('search-summary')).toHaveText(
        expected.hits.length === 0 ? fr.home.noResult : fr.home.resultCount(formatNumber(expected.hits.length)),
      );
      await expect(page.getByTestId('search-results').locator('tbody tr')).toHaveCount(expected.hits.length);
    }
    await expectNoSeriousA11yViolations(page, `${fr.nav.home} — recherche`);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: resolve(ARTIFACTS, 'shell-demo.png'), fullPage: true });
  });

  test('finds the same student with an accented and an unaccented query', async ({ page, host, callApi }) => {
    // The start-up sync fills the store from the demo Region.
    await expect.poll(async () => (await callApi('store:stats')).requests, { timeout: 30_000 }).toBeGreaterThan(0);
    let accented: { hit: StudentSearchHit; name: string } | null = null;
    for (const letter of 'eamclsbdgjnprtv') {
      accented = pickAccentedName((await callApi('students:search', { query: letter, limit: 200 })).hits);
      if (accented) break;
    }
    expect(accented, 'the demo dataset holds at least one accented name').not.toBeNull();
    const { hit, name } = accented!;

    await openShell(page, host);
    const field = page.getByRole('searchbox', { name: fr.home.searchLabel });
    const row = page.getByTestId('search-results').locator(`tr[data-file-number="${hit.fileNumber}"]`);
    for (const query of [name, normalizeForSearch(name), name.toUpperCase()]) {
      await field.fill(query);
      await expect(page.getByTestId('search-summary')).toHaveAttribute('data-query', query.trim());
      await expect(row.first()).toBeVisible();
      await expect(row.first()).toContainText(formatDate(hit.birthDate));
      await expect(row.first()).toContainText(fr.status[hit.status]);
    }
    await expectNoSeriousA11yViolations(page, `${fr.nav.home} — résultats`);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: resolve(ARTIFACTS, 'shell-demo.png'), fullPage: true });
  });

  test('a malformed answer from the services becomes a French error, not a crash', async ({ page, host }) => {
    await page.route('**/api/store:stats', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: '{"ok":true,"value":{"requests":"beaucoup"}}',
      }),
    );
    await openShell(page, host);
    await expect(page.getByRole('alert').filter({ hasText: fr.home.statsUnavailable })).toContainText(
      fr.errors.invalidAnswer,
    );
    // The rest of the shell keeps working.
    await expect(page.getByTestId('demo-badge')).toBeVisible();
  });

  test('without the run’s token the services refuse every call', async ({ page, host }) => {
    await page.goto(`${host.origin}/`);
    // Not even the session can be read: no sign-in form, no app, the French refusal.
    await expect(page.getByRole('alert')).toContainText(fr.errors.unauthorized);
    await expect(page.getByRole('form', { name: fr.auth.signInTitle })).toHaveCount(0);
    await expect(page.getByTestId('demo-badge')).toHaveCount(0);
    await expect(page.getByTestId('establishments')).toHaveCount(0);
  });
});

function pickAccentedName(hits: StudentSearchHit[]): { hit: StudentSearchHit; name: string } | null {
  for (const hit of hits) {
    for (const name of [hit.lastName, hit.firstName]) {
      const word = name.split(/[\s'-]+/).find((part) => normalizeForSearch(part) !== part.toLowerCase());
      if (word && normalizeForSearch(word).length >= 3) return { hit, name: word };
    }
  }
  return null;
}
