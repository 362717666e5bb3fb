/**
 * The host the `ui` group drives: the headless host in demo mode on a fresh data directory, ready
 * only once the start-up sync has pulled every request (a half-filled store would flatter every
 * figure). Typed calls go straight to the in-process dispatcher, through the same contract checks
 * as HTTP, so the bench reads the services' own answers without adding load to the browser's socket.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openStoreConnection } from '../electron/main/services/store/openDatabase';
import { databaseFile } from '../electron/main/services/app/createServices';
import { DEFAULT_RENDERER_DIR, startHeadlessHost, type HeadlessHost } from '../host/startHost';
import { type Channel, type ChannelInput, type ChannelOutput } from '../shared/ipc/contract';
import { BENCH_STORE_KEY } from './benchStoreKey';
import { signInAs } from '../tests/support/staffSession';

const SYNC_TIMEOUT_MS = 15 * 60_000;
const POLL_MS = 500;

export interface UiHost {
  host: HeadlessHost;
  call: <C extends Channel>(channel: C, input?: ChannelInput<C>) => Promise<ChannelOutput<C>>;
  /** A read-only connection for picking workload data the contract does not expose (card numbers). */
  readOnlyDb: () => Database.Database;
  close: () => Promise<void>;
}

/** The renderer the host serves; built once if this checkout has never built it. */
export function ensureRendererBuilt(): void {
  if (fs.existsSync(path.join(DEFAULT_RENDERER_DIR, 'index.html'))) return;
  console.log('[bench.ui] out/renderer is missing: building the renderer');
  execFileSync('npm', ['run', 'build:renderer'], { stdio: 'inherit' });
}

export async function startUiHost(requests: number, seed: number): Promise<UiHost> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ui-'));
  const host = await startHeadlessHost({ dataDir, storeKey: BENCH_STORE_KEY, demo: { requests, seed } });
  // The secretariat is signed in on this workstation: the page opens on the app, and the bench's
  // own calls go through the same role checks.
  await signInAs(host.services, 'secretariat');
  const call = async <C extends Channel>(channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>> => {
    const result = await host.services.dispatch(channel, input === undefined ? {} : input);
    if (!result.ok) throw new Error(`[bench.ui] ${channel} failed: ${result.error.code}`);
    return result.value as ChannelOutput<C>;
  };
  let reader: Database.Database | null = null;
  const close = async () => {
    reader?.close();
    await host.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const started = performance.now();
    for (;;) {
      const [status, stats] = await Promise.all([call('sync:status'), call('store:stats')]);
      if (status.phase === 'idle' && stats.requests >= requests) break;
      if (performance.now() - started > SYNC_TIMEOUT_MS) {
        throw new Error(`[bench.ui] start-up sync incomplete: phase ${status.phase}, ${stats.requests} requests`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    console.log(`[bench.ui] demo store ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    host,
    call,
    readOnlyDb: () =>
      (reader ??= openStoreConnection(databaseFile(dataDir), BENCH_STORE_KEY, { readonly: true, fileMustExist: true })),
    close,
  };
}
