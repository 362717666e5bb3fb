/**
 * Shared pieces of the suite: the running host, typed calls to its API (to compare the screen with
 * the services' real state), the demo simulator's admin (another workstation, the Region), opening
 * the shell, keyboard navigation and the axe-core check.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test as base } from '@playwright/test';
import { type Channel, type ChannelInput, type ChannelOutput, contract } from '../../shared/ipc/contract';
import { type StaffRole } from '../../shared/ipc/access';
import { resultSchema } from '../../shared/ipc/result';
import { fr } from '../../renderer/i18n/fr';
import { hostDispatcher, signInAs, TEST_STAFF } from '../support/staffSession';
import { HOST_ENV_KEY, HostInfo } from './hostProcess';

export type CallApi = <C extends Channel>(channel: C, input?: ChannelInput<C>) => Promise<ChannelOutput<C>>;
/** One operation of the demo simulator's admin (region-sim/README.md), e.g. `decideElsewhere`. */
export type SimAdmin = (operation: string, ...args: unknown[]) => Promise<unknown>;

interface Fixtures {
  host: HostInfo;
  callApi: CallApi;
  simAdmin: SimAdmin;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern.
  host: async ({}, use) => {
    const raw = process.env[HOST_ENV_KEY];
    if (!raw) throw new Error('[e2e] the global setup did not publish the host address');
    await use(HostInfo.parse(JSON.parse(raw)));
  },
  callApi: async ({ host, request }, use) => {
    // One workstation, one signed-in member (README « Comptes, rôles et journal d’audit »): the API
    // acts as whoever is signed in. A test starts as the administrator, who may call every channel;
    // `openShell` then signs its role in through the screen, and later calls act as that member.
    await signInAs(hostDispatcher(host.origin, host.token), 'administrator');
    const call: CallApi = async (channel, input) => {
      const response = await request.post(`${host.origin}/api/${channel}`, {
        headers: { Authorization: `Bearer ${host.token}` },
        data: input === undefined ? {} : { input },
        timeout: 15_000,
      });
      expect(response.status(), `${channel} HTTP status`).toBe(200);
      const result = resultSchema(contract[channel].output).parse(await response.json());
      if (!result.ok) throw new Error(`[e2e] ${channel} failed: ${result.error.code}`);
      return result.value as ChannelOutput<typeof channel>;
    };
    await use(call);
  },
  simAdmin: async ({ host, request }, use) => {
    const admin: SimAdmin = async (operation, ...args) => {
      if (!host.demoAdmin) throw new Error('[e2e] the host is not in demo mode: no simulator admin');
      const response = await request.post(`${host.demoAdmin.url}/${operation}`, {
        headers: { Authorization: `Bearer ${host.demoAdmin.token}` },
        data: { args },
        timeout: 15_000,
      });
      expect(response.status(), `simulator admin ${operation}`).toBe(200);
      return ((await response.json()) as { result: unknown }).result;
    };
    await use(admin);
  },
});

export { expect };

export interface OpenShellOptions {
  /** Who signs in through the sign-in screen; the secretariat by default. */
  as?: StaffRole;
}

/**
 * Opens the shell with the run's token, as a member of staff would from the host's printed
 * address, and signs `as` in through the sign-in screen (whoever was signed in is signed out first:
 * the workstation has one session).
 */
export async function openShell(
  page: Page,
  host: HostInfo,
  { as = 'secretariat' }: OpenShellOptions = {},
): Promise<void> {
  const signedOut = await page.request.post(`${host.origin}/api/auth:signOut`, {
    headers: { Authorization: `Bearer ${host.token}` },
    data: {},
  });
  expect(signedOut.status()).toBe(200);
  await page.goto(host.url);
  await signInThroughScreen(page, as);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

/** Types `role`'s test account into the sign-in screen and waits for the app behind it. */
export async function signInThroughScreen(page: Page, role: StaffRole): Promise<void> {
  const account = TEST_STAFF[role];
  const form = page.getByRole('form', { name: fr.auth.signInTitle });
  await form.getByLabel(fr.auth.login).fill(account.login);
  await form.getByLabel(fr.auth.password).fill(account.password);
  await form.getByRole('button', { name: fr.auth.signIn }).click();
  await expect(page.getByTestId('signed-in-member')).toHaveText(
    fr.auth.signedInAs(account.displayName, fr.auth.roles[role]),
  );
}

/** Presses Tab (or Shift+Tab) until `target` has focus, failing after `maxTabs` presses. */
export async function tabTo(
  page: Page,
  target: Locator,
  { backwards = false, maxTabs = 40 }: { backwards?: boolean; maxTabs?: number } = {},
): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`[e2e] could not reach ${target.toString()} with ${maxTabs} Tab presses`);
}

/** Runs axe-core on the whole page; any serious or critical violation fails with its list. */
export async function expectNoSeriousA11yViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = blocking
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary ?? ''}`).join('\n')}`,
    )
    .join('\n');
  expect(report, `axe-core found serious or critical violations on « ${screen} »`).toBe('');
}
