/**
 * `npm run host`: starts the headless host and prints the address to open. `--json` prints one JSON
 * line `{url, origin, token, demoAdmin}` on stdout for test harnesses (demoAdmin: the demo
 * simulator's admin `{url, token}`, null in live mode). Stops cleanly on SIGINT/SIGTERM.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setStderrLogging } from '../electron/main/services/log/logger';
import { preferShortGcPauses } from '../electron/main/services/runtime/shortGcPauses';
import { generateStoreKey } from '../electron/main/services/secrets/storeKey';
import { startHeadlessHost } from './startHost';

function parseIntegerOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new Error(`--${name} attend un entier entre ${min} et ${max}.`);
  }
  return parsed;
}

/**
 * stdout carries only the host's answer (the URL, or the JSON line harnesses parse); diagnostics
 * that modules print with console.log/info (the store's open line) go to stderr with the logs.
 */
function keepStdoutForTheAnswer(): void {
  const toStderr = (...args: unknown[]): void => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}

async function main(): Promise<void> {
  keepStdoutForTheAnswer();
  // This process answers the UI, as the Electron main process does.
  preferShortGcPauses();
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      requests: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      // A random store key for this run only, kept in memory: the data dir cannot be reopened later.
      'ephemeral-key': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.quiet) setStderrLogging(false);
  const requests = parseIntegerOption(values.requests, 'requests', 10, 50_000);
  const seed = parseIntegerOption(values.seed, 'seed', 0, 2 ** 31 - 1);
  const host = await startHeadlessHost({
    dataDir: resolve(values['data-dir'] ?? '.host-data'),
    port: parseIntegerOption(values.port, 'port', 0, 65_535) ?? 0,
    // Default: HDF_STORE_KEY (64 hex characters), required; never generated nor written to disk.
    ...(values['ephemeral-key'] ? { storeKey: generateStoreKey() } : {}),
    demo: {
      ...(requests !== undefined ? { requests } : {}),
      ...(seed !== undefined ? { seed } : {}),
    },
  });
  if (values.json) {
    // The only place the simulator's admin token leaves the services: a harness playing another
    // workstation reads it from this line. Never logged, never served over /api.
    const startLine = { url: host.url, origin: host.origin, token: host.token, demoAdmin: host.services.demoAdmin() };
    process.stdout.write(`${JSON.stringify(startLine)}\n`);
  } else {
    process.stdout.write(`Poste établissement prêt : ouvrez ${host.url}\n(Ctrl+C pour arrêter)\n`);
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.error(`[host.cli] ${signal} received, stopping`);
    host.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const messageFr =
    error && typeof error === 'object' && 'messageFr' in error && typeof error.messageFr === 'string'
      ? error.messageFr
      : error instanceof Error
        ? error.message
        : 'Démarrage impossible.';
  console.error(`[host.cli] start-up failed: ${messageFr}`);
  process.exit(1);
});
