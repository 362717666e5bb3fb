/**
 * Which Region the services talk to right now: the in-process simulator (demo), the configured
 * Region API (live), or nothing (live without credentials). `apply` switches at run time after a
 * settings change, starting or stopping the simulator as needed.
 */
import { createLogger } from '../log/logger';
import { createProxyAgents, destroyAgents, type RegionAgents } from '../region/httpAgent';
import { createRegionClient, type RegionClient, type RegionConnectionConfig } from '../region/regionClient';
import { type EffectiveRegionSettings } from '../settings/settingsService';
import { startDemoRegion, type DemoOptions, type DemoRegion } from './demoRegion';

const log = createLogger('app.region');

export const DEMO_FAILED_MESSAGE =
  'Le mode démonstration n’a pas pu démarrer. Le détail a été consigné dans le journal ; redémarrez l’application.';

export interface RegionConnection {
  client(): RegionClient | null;
  mode(): EffectiveRegionSettings['mode'];
  /** Set when the demo simulator could not start: the status line says so instead of "unconfigured". */
  failure(): string | null;
  /** Returns true when the target changed (the connection status must be reset). */
  apply(settings: EffectiveRegionSettings): Promise<boolean>;
  close(): Promise<void>;
}

export interface RegionConnectionOptions {
  dataDir: string;
  userAgent: string;
  demo?: DemoOptions;
  /**
   * The proxy for calls to a URL (null: direct). School networks are often proxied and Node
   * ignores the system settings: the Electron shell resolves them through Chromium, the headless
   * host reads HTTPS_PROXY / NO_PROXY.
   */
  proxyFor?: (url: string) => Promise<string | null>;
}

function sameConfig(a: RegionConnectionConfig | null, b: RegionConnectionConfig | null): boolean {
  if (a === null || b === null) return a === b;
  return a.baseUrl === b.baseUrl && a.clientId === b.clientId && a.clientSecret === b.clientSecret;
}

export function createRegionConnection(options: RegionConnectionOptions): RegionConnection {
  let currentMode: EffectiveRegionSettings['mode'] = 'demo';
  let demo: DemoRegion | null = null;
  let config: RegionConnectionConfig | null = null;
  let client: RegionClient | null = null;
  let agents: RegionAgents | null = null;
  let failure: string | null = null;
  // Serialises switches: two quick settings updates must not start two simulators.
  let queue: Promise<unknown> = Promise.resolve();

  async function applyNow(settings: EffectiveRegionSettings): Promise<boolean> {
    let nextConfig: RegionConnectionConfig | null;
    failure = null;
    if (settings.mode === 'demo') {
      try {
        demo ??= await startDemoRegion(options.dataDir, options.demo);
      } catch (error) {
        currentMode = 'demo';
        config = null;
        client = null;
        failure = DEMO_FAILED_MESSAGE;
        throw error;
      }
      nextConfig = demo.config;
    } else {
      if (demo) {
        await demo.close();
        demo = null;
      }
      nextConfig =
        settings.clientId !== '' && settings.clientSecret !== null
          ? { baseUrl: settings.regionApiUrl, clientId: settings.clientId, clientSecret: settings.clientSecret }
          : null;
    }
    const changed = settings.mode !== currentMode || !sameConfig(config, nextConfig);
    currentMode = settings.mode;
    if (changed) {
      config = nextConfig;
      if (agents) destroyAgents(agents);
      agents = null;
      client = null;
      let proxied = false;
      if (nextConfig) {
        const proxy = (await options.proxyFor?.(nextConfig.baseUrl)) ?? null;
        proxied = proxy !== null;
        agents = createProxyAgents(proxy);
        client = createRegionClient({ ...nextConfig, userAgent: options.userAgent, agent: agents });
      }
      // Whether a proxy is used, never its address or credentials.
      log.info('Region target set', { mode: currentMode, configured: client !== null, proxied });
    }
    return changed;
  }

  return {
    client: () => client,
    failure: () => failure,
    mode: () => currentMode,
    apply(settings) {
      const next = queue.then(() => applyNow(settings));
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      await queue.catch(() => undefined);
      if (demo) await demo.close();
      demo = null;
      client = null;
      if (agents) destroyAgents(agents);
      agents = null;
    },
  };
}
