/**
 * Demo mode: when no Region API URL is configured, the app talks to the Region API simulator run
 * in-process, with its own SQLite file under `<dataDir>/demo-region/` and a fixed seed, so the demo
 * data is the same at every start. The simulator is loaded with a dynamic import so the live app
 * never loads its code.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '../log/logger';
import { type RegionConnectionConfig } from '../region/regionClient';

const log = createLogger('app.demo');

/** Fixed so that every workstation's demo shows the same students across restarts. */
export const DEMO_SEED = 20_262_027;

/** The simulator's HTTP admin (`POST <url>/<operation>`, `Authorization: Bearer <token>`). */
export interface DemoAdmin {
  /** e.g. http://127.0.0.1:4010/__sim/admin */
  url: string;
  token: string;
}

export interface DemoOptions {
  requests?: number;
  seed?: number;
  /**
   * Told the running simulator's admin (null once it stops), for test harnesses: the composition
   * root keeps it for the headless host's start line; it never reaches the renderer nor the logs.
   */
  onAdmin?: (admin: DemoAdmin | null) => void;
}

export interface DemoRegion {
  config: RegionConnectionConfig;
  admin: DemoAdmin;
  close(): Promise<void>;
}

export function demoRegionDir(dataDir: string): string {
  return join(dataDir, 'demo-region');
}

export async function startDemoRegion(dataDir: string, options: DemoOptions = {}): Promise<DemoRegion> {
  const { startSimulator } = await import('../../../../region-sim/index');
  const seed = options.seed ?? DEMO_SEED;
  await mkdir(demoRegionDir(dataDir), { recursive: true, mode: 0o700 });
  const simulator = await startSimulator({
    port: 0,
    dataFile: join(demoRegionDir(dataDir), 'region.sqlite'),
    seed,
    ...(options.requests !== undefined ? { requests: options.requests } : {}),
  });
  const client = simulator.clients.establishment;
  log.info('demo Region started', { seed, uais: client.uais.length });
  const admin: DemoAdmin = {
    url: new URL('/__sim/admin', simulator.baseUrl).toString(),
    token: simulator.adminToken,
  };
  options.onAdmin?.(admin);
  return {
    config: { baseUrl: simulator.baseUrl, clientId: client.clientId, clientSecret: client.clientSecret },
    admin,
    close: async () => {
      options.onAdmin?.(null);
      await simulator.close();
      log.info('demo Region stopped');
    },
  };
}
