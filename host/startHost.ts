/**
 * The headless host: the same services as the Electron app, served to a browser on 127.0.0.1 for
 * tests and demos. The renderer's static files are public (they hold no data); every API call needs
 * the run's random token, which only the printed URL carries.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createServices, type Services } from '../electron/main/services/app/createServices';
import { type DemoOptions } from '../electron/main/services/app/demoRegion';
import { createLogger } from '../electron/main/services/log/logger';
import { createFileSecretStore } from '../electron/main/services/secrets/fileSecretStore';
import { createSealedSecretStore } from '../electron/main/services/secrets/sealedSecretStore';
import { storeKeyFromEnv } from '../electron/main/services/secrets/storeKey';
import { handleApi } from './apiRoute';
import { setSecurityHeaders } from './securityHeaders';
import { sendText, serveStatic } from './staticFiles';

const log = createLogger('host');

export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../out/renderer', import.meta.url));
const API_PREFIX = '/api/';

/** The app's version as package.json states it; the host has no Electron `app.getVersion()`. */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
const HOST = '127.0.0.1';

export interface HeadlessHostOptions {
  dataDir: string;
  /** 0 or omitted: a random free port. */
  port?: number;
  rendererDir?: string;
  env?: Record<string, string | undefined>;
  demo?: DemoOptions;
  appVersion?: string;
  /** Passed to the services: how often the connection is checked. */
  checkIntervalMs?: number;
  /** The store key; default: HDF_STORE_KEY from `env` (required: the host never invents one). */
  storeKey?: Buffer;
}

export interface HeadlessHost {
  /** `http://127.0.0.1:<port>/#token=<token>`: the address to open. */
  url: string;
  origin: string;
  token: string;
  services: Services;
  close(): Promise<void>;
}

export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const env = options.env ?? process.env;
  const storeKey = options.storeKey ?? storeKeyFromEnv(env);
  const services = await createServices({
    dataDir: options.dataDir,
    storeKey,
    shell: 'headless',
    appVersion: options.appVersion ?? packageVersion(),
    // The Region client secret, sealed with the store key like the data (Electron: safeStorage).
    secretStore: createSealedSecretStore(createFileSecretStore(options.dataDir), storeKey),
    env,
    ...(options.demo ? { demo: options.demo } : {}),
    ...(options.checkIntervalMs ? { checkIntervalMs: options.checkIntervalMs } : {}),
  });
  const token = randomBytes(32).toString('hex');
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  let origin = '';

  const server = createServer((request, response) => {
    void route(request, response).catch((error: unknown) => {
      log.error('request failed', { errorClass: error instanceof Error ? error.name : typeof error });
      if (!response.headersSent) sendText(response, 500, 'Erreur interne.');
      else response.destroy();
    });
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    setSecurityHeaders(response);
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const method = request.method ?? 'GET';
    if (path.startsWith(API_PREFIX)) {
      if (method !== 'POST') {
        request.resume();
        return sendText(response, 404, 'Introuvable.');
      }
      return handleApi({ token, origin, dispatch: services.dispatch }, channelOf(path), request, response);
    }
    if (method === 'GET' || method === 'HEAD') {
      request.resume();
      return serveStatic(rendererDir, path, method === 'HEAD', response);
    }
    request.resume();
    return sendText(response, 404, 'Introuvable.');
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await services.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  origin = `http://${HOST}:${port}`;
  log.info('headless host listening', { port });

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    services,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await services.close();
      })();
      return closing;
    },
  };
}

function channelOf(path: string): string {
  const raw = path.slice(API_PREFIX.length);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
