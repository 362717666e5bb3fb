/**
 * One host for the whole suite (workers: 1). Its address and token reach the tests through an
 * environment variable, which Playwright passes on to its workers; the returned function is the
 * teardown.
 */
import { HOST_ENV_KEY, startHost } from './hostProcess';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const host = await startHost({ requests: 2000 });
  process.env[HOST_ENV_KEY] = JSON.stringify(host.info);
  console.log(`[e2e.setup] host ready at ${host.info.origin}`);
  return async () => {
    await host.stop();
    console.log('[e2e.setup] host stopped');
  };
}
