/**
 * Staff sign-in end to end: first-run administrator, sign-in with a refused password, the idle lock
 * (a shortened delay set by the administrator), unlock, the antenna's reduced screen (and the API
 * refusing it the rest), the administrator's staff and audit screens; axe on each screen.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Page } from '@playwright/test';
import { fr } from '../../renderer/i18n/fr';
import { TEST_STAFF, hostDispatcher, signInAs } from '../support/staffSession';
import { expect, expectNoSeriousA11yViolations, openShell, signInThroughScreen, test } from './fixtures';
import { type HostInfo, startHost } from './hostProcess';

const ARTIFACTS = resolve(import.meta.dirname, '..', 'artifacts');

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: resolve(ARTIFACTS, `auth-${name}.png`), fullPage: true });
}

/** A raw call over the host's API, to see the services' own answer (callApi throws on refusals). */
async function rawCall(page: Page, host: HostInfo, channel: string, input?: unknown) {
  const response = await page.request.post(`${host.origin}/api/${channel}`, {
    headers: { Authorization: `Bearer ${host.token}` },
    data: input === undefined ? {} : { input },
  });
  expect(response.status()).toBe(200);
  return (await response.json()) as { ok: boolean; error?: { code: string; message: string } };
}

const nav = (page: Page) => page.getByRole('navigation', { name: fr.nav.label });

/** A field by the start of its label (Mantine appends « * » to required ones). */
function field(scope: ReturnType<Page['getByRole']>, label: string) {
  return scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
}

test.describe('staff sign-in, roles and lock', () => {
  test('first run: the administrator account is created on the first screen, then signed in', async ({ page }) => {
    const fresh = await startHost({ requests: 10 });
    try {
      await page.goto(fresh.info.url);
      await expect(page.getByRole('heading', { level: 2, name: fr.auth.setupTitle })).toBeVisible();
      await expectNoSeriousA11yViolations(page, fr.auth.setupTitle);
      const form = page.getByRole('form', { name: fr.auth.setupTitle });
      await form.getByLabel(fr.auth.displayName).fill('Direction du lycée');
      await field(form, fr.auth.login).fill('direction');
      await field(form, fr.auth.password).fill('court');
      await form.getByLabel(fr.auth.passwordConfirm).fill('court');
      await form.getByRole('button', { name: fr.auth.setup }).click();
      await expect(form.getByText(fr.auth.passwordTooShort(12))).toBeVisible();
      await screenshot(page, 'setup');
      await field(form, fr.auth.password).fill('un-mot-de-passe-solide');
      await form.getByLabel(fr.auth.passwordConfirm).fill('un-mot-de-passe-solide');
      await form.getByRole('button', { name: fr.auth.setup }).click();
      await expect(page.getByTestId('signed-in-member')).toHaveText(
        fr.auth.signedInAs('Direction du lycée', fr.auth.roles.administrator),
      );
      // The first-run channel is closed from now on.
      const again = await rawCall(page, fresh.info, 'auth:setup', {
        login: 'intrus',
        displayName: 'Intrus',
        password: 'un-autre-mot-de-passe',
      });
      expect(again).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      await fresh.stop();
    }
  });

  test('sign-in refuses a wrong password in French, then lets the member in; sign-out returns to it', async ({
    page,
    host,
  }) => {
    await page.request.post(`${host.origin}/api/auth:signOut`, {
      headers: { Authorization: `Bearer ${host.token}` },
      data: {},
    });
    await page.goto(host.url);
    const form = page.getByRole('form', { name: fr.auth.signInTitle });
    await expect(form).toBeVisible();
    await expect(form.getByLabel(fr.auth.login)).toBeFocused();
    await expectNoSeriousA11yViolations(page, fr.auth.signInTitle);
    await form.getByLabel(fr.auth.login).fill(TEST_STAFF.secretariat.login);
    await form.getByLabel(fr.auth.password).fill('pas-le-bon-mot-de-passe');
    await form.getByRole('button', { name: fr.auth.signIn }).click();
    await expect(form.getByRole('alert')).toContainText('Identifiant ou mot de passe incorrect.');
    await expectNoSeriousA11yViolations(page, `${fr.auth.signInTitle} — erreur`);
    await screenshot(page, 'signin');
    // Nothing is reachable meanwhile.
    expect(await rawCall(page, host, 'students:search', { query: 'martin' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });

    await signInThroughScreen(page, 'secretariat');
    await expect(nav(page).getByRole('link', { name: fr.nav.prevalidation })).toBeVisible();
    await page.getByRole('button', { name: fr.auth.signOut }).click();
    await expect(page.getByRole('form', { name: fr.auth.signInTitle })).toBeVisible();
    await expect(page.getByTestId('signed-in-member')).toHaveCount(0);
  });

  test('locks after the idle delay set by the administrator; unlocking needs the password again', async ({
    page,
    host,
    callApi,
  }) => {
    const previous = await callApi('auth:getIdleLock');
    await callApi('auth:setIdleLock', { idleLockSeconds: 10 });
    try {
      await openShell(page, host, { as: 'secretariat' });
      await nav(page).getByRole('link', { name: fr.nav.prevalidation }).click();
      await expect(page.getByRole('heading', { level: 2, name: fr.nav.prevalidation })).toBeVisible();
      // No keyboard or pointer activity from here: the services lock the session by themselves.
      const lock = page.getByRole('heading', { level: 2, name: fr.auth.lockedTitle });
      await expect(lock).toBeVisible({ timeout: 25_000 });
      // The workspace is gone from the page, not just hidden.
      await expect(page.getByRole('navigation', { name: fr.nav.label })).toHaveCount(0);
      await expect(page.getByText(fr.auth.lockedIntro(TEST_STAFF.secretariat.displayName))).toBeVisible();
      expect(
        await rawCall(page, host, 'requests:queue', { filter: { view: 'all' }, offset: 0, limit: 5 }),
      ).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      await expectNoSeriousA11yViolations(page, fr.auth.lockedTitle);
      await screenshot(page, 'lock');

      const form = page.getByRole('form', { name: fr.auth.lockedTitle });
      await expect(form.getByLabel(fr.auth.password)).toBeFocused();
      await form.getByLabel(fr.auth.password).fill('pas-le-bon-mot-de-passe');
      await form.getByRole('button', { name: fr.auth.unlock }).click();
      await expect(form.getByRole('alert')).toContainText('Mot de passe incorrect.');
      await form.getByLabel(fr.auth.password).fill(TEST_STAFF.secretariat.password);
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 2, name: fr.nav.prevalidation })).toBeVisible();
      expect(
        await rawCall(page, host, 'requests:queue', { filter: { view: 'all' }, offset: 0, limit: 5 }),
      ).toMatchObject({ ok: true });
      // Activity keeps it open: keep typing for longer than the delay.
      for (let i = 0; i < 6; i++) {
        await page.mouse.move(100 + i * 10, 300);
        await page.waitForTimeout(2_500);
      }
      await expect(page.getByTestId('signed-in-member')).toBeVisible();
    } finally {
      await signInAs(hostDispatcher(host.origin, host.token), 'administrator');
      await callApi('auth:setIdleLock', previous);
    }
  });

  test('the antenna sees no pre-validation screens and the API refuses them', async ({ page, host }) => {
    await openShell(page, host, { as: 'antenna' });
    const links = nav(page).getByRole('link');
    await expect(links).toHaveText([fr.nav.home]);
    for (const hidden of ['prevalidation', 'photos', 'revalidation', 'conflicts', 'settings', 'admin'] as const) {
      await expect(nav(page).getByRole('link', { name: fr.nav[hidden] })).toHaveCount(0);
    }
    // Status look-up is what the antenna is for.
    await page.getByRole('searchbox', { name: fr.home.searchLabel }).fill('Martin');
    await expect(page.getByTestId('search-summary')).toHaveAttribute('data-query', 'Martin');
    // A typed address does not open the screen…
    await page.goto(`${host.origin}/#/pre-validation`);
    await expect(page.getByRole('heading', { level: 2, name: fr.auth.forbiddenTitle })).toBeVisible();
    await expectNoSeriousA11yViolations(page, `${fr.auth.forbiddenTitle} (antenne)`);
    // …and the services refuse the calls whatever the screen shows.
    for (const [channel, input] of [
      ['requests:queue', { filter: { view: 'toReview' }, offset: 0, limit: 10 }],
      ['decisions:list', undefined],
      ['settings:get', undefined],
    ] as const) {
      const answer = await rawCall(page, host, channel, input);
      expect(answer, channel).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(answer.error?.message).toContain('antenne');
    }
    await screenshot(page, 'antenna');
  });

  test('the administrator adds and disables a member, and reads, verifies and exports the audit log', async ({
    page,
    host,
  }) => {
    await openShell(page, host, { as: 'administrator' });
    await nav(page).getByRole('link', { name: fr.nav.admin }).click();
    await expect(page.getByRole('heading', { level: 2, name: fr.admin.title })).toBeFocused();
    const staffTable = page.getByRole('table', { name: fr.admin.staffCaption });
    for (const role of ['administrator', 'secretariat', 'antenna'] as const) {
      await expect(staffTable.getByRole('row', { name: new RegExp(TEST_STAFF[role].displayName) })).toBeVisible();
    }

    const login = `agent.${Date.now().toString(36)}`;
    const add = page.getByRole('form', { name: fr.admin.addTitle });
    await add.getByLabel(fr.auth.displayName).fill('Agent Accueil');
    await field(add, fr.auth.login).fill(login);
    await add.getByRole('combobox', { name: fr.admin.role }).selectOption('antenna');
    await field(add, fr.auth.password).fill('mot-de-passe-agent-1');
    await add.getByRole('button', { name: fr.admin.add }).click();
    await expect(page.getByText(fr.admin.added('Agent Accueil'))).toBeVisible();
    const row = staffTable.getByRole('row', { name: new RegExp(login) });
    await expect(row).toContainText(fr.auth.roles.antenna);
    await row.getByRole('button', { name: fr.admin.disable('Agent Accueil') }).click();
    await expect(row).toContainText(fr.admin.disabled);
    // A disabled account cannot sign in: same French answer as a wrong password.
    const refused = await rawCall(page, host, 'auth:signIn', { login, password: 'mot-de-passe-agent-1' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    await signInAs(hostDispatcher(host.origin, host.token), 'administrator');

    await page.reload();
    await expect(page.getByRole('heading', { level: 2, name: fr.admin.title })).toBeVisible();
    const audit = page.getByRole('table', { name: fr.admin.auditCaption });
    await expect(audit).toContainText(fr.admin.auditActions['staff.add']);
    await expect(audit).toContainText(fr.admin.auditActions['staff.update']);
    await expect(audit).toContainText(fr.admin.auditActions['auth.signInFailed']);
    // Ids only: the new member's name or login never appears in the log.
    await expect(audit).not.toContainText(login);

    await page.getByRole('combobox', { name: fr.admin.filterAction }).selectOption('staff.add');
    await page.getByRole('button', { name: fr.admin.applyFilters }).click();
    await expect(audit.locator('tbody tr').first()).toContainText(fr.admin.auditActions['staff.add']);
    await expect(audit.locator('tbody tr', { hasText: fr.admin.auditActions['auth.signIn'] })).toHaveCount(0);

    await page.getByRole('button', { name: fr.admin.verify }).click();
    await expect(page.getByTestId('audit-verification')).toContainText('Journal intègre');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: fr.admin.export }).click();
    expect((await download).suggestedFilename()).toMatch(/^journal-audit-\d{4}-\d{2}-\d{2}\.csv$/);

    await expectNoSeriousA11yViolations(page, fr.admin.title);
    await screenshot(page, 'admin');
  });
});
