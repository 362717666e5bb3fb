import { fr } from '../../renderer/i18n/fr';
import { expect, expectNoSeriousA11yViolations, openShell, test } from './fixtures';
import { startHost } from './hostProcess';
import { ensureTestStaff, hostDispatcher } from '../support/staffSession';

const SECRET = 'e2e-Secret-7f3a9c1d';

test.describe('settings', () => {
  test.afterEach(async ({ callApi }) => {
    // Leave the shared host in demo mode whatever happened in the test.
    await callApi('settings:update', { regionApiUrl: '', clientId: '', clientSecret: '' });
  });

  test('refuses an invalid URL, switches mode on a valid loopback URL, never shows the secret, restores demo mode', async ({
    page,
    host,
    callApi,
  }) => {
    const before = await callApi('settings:get');
    expect(before.mode).toBe('demo');
    expect(before.fromEnvironment).toEqual({ regionApiUrl: false, clientId: false, clientSecret: false });

    // Settings are the administrator's.
    await openShell(page, host, { as: 'administrator' });
    await page.getByRole('navigation', { name: fr.nav.label }).getByRole('link', { name: fr.nav.settings }).click();
    await expect(page.getByRole('heading', { level: 2, name: fr.settings.title })).toBeVisible();
    await expect(page.getByTestId('settings-mode')).toHaveAttribute('data-mode', 'demo');
    await expect(page.getByTestId('settings-mode')).toContainText(fr.settings.mode.demo);
    await expect(page.getByTestId('demo-explanation')).toHaveText(fr.settings.demoExplanation);
    await expectNoSeriousA11yViolations(page, fr.settings.title);

    const url = page.getByRole('textbox', { name: fr.settings.url });
    const clientId = page.getByRole('textbox', { name: fr.settings.clientId });
    const secret = page.getByLabel(fr.settings.clientSecret, { exact: true });
    const save = page.getByRole('button', { name: fr.settings.save, exact: true });

    // Plain http to a non-local address is refused before anything is sent.
    await url.fill('http://api.example.org/v1');
    await save.click();
    await expect(url).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText(fr.settings.urlInvalid)).toBeVisible();
    await expect(page.getByTestId('settings-feedback')).toHaveAttribute('data-kind', 'error');
    expect((await callApi('settings:get')).regionApiUrl).toBe('');
    await expectNoSeriousA11yViolations(page, `${fr.settings.title} — erreurs`);

    await url.fill('http://127.0.0.1:9/region');
    await clientId.fill('poste-e2e');
    await secret.fill(SECRET);
    await save.click();
    await expect(page.getByTestId('settings-feedback')).toHaveAttribute('data-kind', 'success');
    await expect(page.getByTestId('settings-feedback')).toContainText(fr.settings.saved);

    const saved = await callApi('settings:get');
    expect(saved).toMatchObject({
      regionApiUrl: 'http://127.0.0.1:9/region',
      clientId: 'poste-e2e',
      hasClientSecret: true,
    });
    expect(saved.mode).not.toBe('demo');
    await expect(page.getByTestId('settings-mode')).toHaveAttribute('data-mode', saved.mode);
    await expect(page.getByTestId('settings-mode')).toContainText(fr.settings.mode[saved.mode]);
    await expect(page.getByTestId('demo-badge')).toHaveCount(0);
    await expect(page.getByTestId('secret-state')).toHaveText(fr.settings.secretStored);
    await expect(secret).toHaveValue('');
    expect(await page.content()).not.toContain(SECRET);

    // Still hidden after a reload (the section and the token survive it).
    await page.reload();
    await expect(page.getByRole('heading', { level: 2, name: fr.settings.title })).toBeVisible();
    await expect(page.getByTestId('secret-state')).toHaveText(fr.settings.secretStored);
    await expect(page.getByLabel(fr.settings.clientSecret, { exact: true })).toHaveValue('');
    expect(await page.content()).not.toContain(SECRET);

    // Back to demo mode through the form: empty URL and client id, stored secret erased.
    await page.getByRole('textbox', { name: fr.settings.url }).fill('');
    await page.getByRole('textbox', { name: fr.settings.clientId }).fill('');
    await page.getByRole('checkbox', { name: fr.settings.eraseSecret }).check();
    await page.getByRole('button', { name: fr.settings.save, exact: true }).click();
    await expect(page.getByTestId('settings-feedback')).toHaveAttribute('data-kind', 'success');
    await expect(page.getByTestId('settings-mode')).toHaveAttribute('data-mode', 'demo');
    await expect(page.getByTestId('demo-badge')).toHaveText(fr.app.demoBadge);
    await expect(page.getByTestId('secret-state')).toHaveText(fr.settings.noSecretStored);
    expect(await callApi('settings:get')).toMatchObject({ mode: 'demo', hasClientSecret: false, regionApiUrl: '' });
  });

  test('« Tester la connexion » reports the services’ real connection state, in the page and the header', async ({
    page,
    host,
    callApi,
  }) => {
    // Nothing listens on the discard port: a live configuration there cannot be online.
    await callApi('settings:update', {
      regionApiUrl: 'http://127.0.0.1:9/region',
      clientId: 'poste-e2e',
      clientSecret: SECRET,
    });
    await openShell(page, host, { as: 'administrator' });
    await page.getByRole('link', { name: fr.nav.settings }).click();
    await page.getByRole('button', { name: fr.settings.test }).click();
    const result = page.getByTestId('settings-test-result');
    await expect(result).toContainText(fr.settings.testResult(''));
    const status = await callApi('sync:status');
    expect(status.connection).not.toBe('online');
    await expect(result).toContainText(fr.settings.testResult(fr.sync.connection[status.connection]));
    await expect(page.getByTestId('sync-state')).toHaveText(fr.sync.phase[status.phase]);
    expect(await page.content()).not.toContain(SECRET);
  });

  test('values set by environment variables are shown read-only with a note, the secret never', async ({ page }) => {
    const envSecret = 'env-Secret-42c9e0b1';
    const host = await startHost({
      requests: 10,
      env: {
        REGION_API_URL: 'https://region.invalid/api',
        REGION_CLIENT_ID: 'poste-env',
        REGION_CLIENT_SECRET: envSecret,
      },
    });
    try {
      await ensureTestStaff(hostDispatcher(host.info.origin, host.info.token));
      await openShell(page, host.info, { as: 'administrator' });
      await page.getByRole('link', { name: fr.nav.settings }).click();
      const url = page.getByRole('textbox', { name: fr.settings.url });
      await expect(url).toHaveValue('https://region.invalid/api');
      await expect(url).toHaveAttribute('readonly', '');
      await expect(page.getByText(fr.settings.fromEnvironment('REGION_API_URL'))).toBeVisible();
      const clientId = page.getByRole('textbox', { name: fr.settings.clientId });
      await expect(clientId).toHaveValue('poste-env');
      await expect(clientId).toHaveAttribute('readonly', '');
      await expect(page.getByTestId('secret-from-env')).toHaveText(fr.settings.secretFromEnvironment);
      await expect(page.getByLabel(fr.settings.clientSecret, { exact: true })).toHaveCount(0);
      await expect(page.getByTestId('demo-badge')).toHaveCount(0);
      expect(await page.content()).not.toContain(envSecret);
      await expectNoSeriousA11yViolations(page, `${fr.settings.title} — environnement`);
    } finally {
      await host.stop();
    }
  });
});
