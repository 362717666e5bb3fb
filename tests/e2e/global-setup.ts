/**
 * One host for the whole suite (workers: 1), with one account per role. Its address and token reach the tests through an
 * environment variable, which Playwright passes on to its workers; the returned function is the
 * teardown.
 */
import { ensureTestStaff, hostDispatcher } from '../support/staffSession';
import { HOST_ENV_KEY, startHost } from './hostProcess';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const host = await startHost({ requests: 2000 });
  process.env[HOST_ENV_KEY] = JSON.stringify(host.info);
  // First run through the API, as an installer would: the administrator (auth:setup, public only
  // while no account exists), then a secretariat and an antenna account (tests/support/staffSession.ts).
  try {
    await ensureTestStaff(hostDispatcher(host.info.origin, host.info.token));
  } catch (error) {
    await host.stop();
    throw error;
  }
  console.log(`[e2e.setup] host ready at ${host.info.origin}`);
  return async () => {
    await host.stop();
    console.log('[e2e.setup] host stopped');
  };
}
