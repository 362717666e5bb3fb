/**
 * Shared pieces of the suite: the running host, typed calls to its API (to compare the screen with
 * the services' real state), the demo simulator's admin (another workstation, the Region), opening
 * the shell, keyboard navigation and the axe-core check.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test as base } from '@playwright/test';
import { type Channel, type ChannelInput, type ChannelOutput, contract } from '../../shared/ipc/contract';
import { resultSchema } from '../../shared/ipc/result';
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

/** Opens the shell with the run's token, as a member of staff would from the host's printed address. */
export async function openShell(page: Page, host: HostInfo): Promise<void> {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
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
