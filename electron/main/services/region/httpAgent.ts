/**
 * The sockets of one Region connection. The Region allows 4 concurrent connections per client, so
 * every call of a connection (token, JSON feeds, decisions, photo downloads) shares one keep-alive
 * agent capped at 4 sockets: callers may fire more requests, the agent queues them instead of
 * opening a fifth connection that the Region would refuse or count against us.
 *
 * School networks often force an HTTP proxy. Node (and got) ignore the system proxy, so the agent
 * is built from an explicit proxy URL: from the Electron session (`shell/proxyResolver.ts`, PAC
 * answers parsed by `pacProxy.ts`) in the app, from HTTPS_PROXY/HTTP_PROXY/NO_PROXY in the
 * headless host. Only Basic proxy credentials are supported here (hpagent); NTLM/Kerberos proxies
 * need Electron's own network stack.
 */
import http from 'node:http';
import https from 'node:https';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';

/** The Region's limit of concurrent connections per client (README §8). */
export const REGION_MAX_SOCKETS = 4;
/**
 * Idle sockets are closed before a typical 5 s server keep-alive timeout, so a request is rarely
 * written on a socket the server is closing at the same moment (an ECONNRESET on a healthy server).
 */
const FREE_SOCKET_TIMEOUT_MS = 4_000;

export interface RegionAgents {
  http: http.Agent;
  https: https.Agent;
}

const agentOptions = {
  keepAlive: true,
  maxSockets: REGION_MAX_SOCKETS,
  maxTotalSockets: REGION_MAX_SOCKETS,
  maxFreeSockets: REGION_MAX_SOCKETS,
  timeout: FREE_SOCKET_TIMEOUT_MS,
  scheduling: 'lifo',
} as const;

export class ProxyUrlError extends Error {
  override readonly name = 'ProxyUrlError';
  constructor() {
    // The URL itself may carry credentials: never put it in the message.
    super('proxy URL must be an absolute http:// or https:// URL');
  }
}

function parseProxyUrl(proxyUrl: string): URL {
  let url: URL;
  try {
    url = new URL(proxyUrl);
  } catch {
    throw new ProxyUrlError();
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ProxyUrlError();
  return url;
}

type CreateConnection = (
  options: Record<string, unknown>,
  callback: (error: Error | null, socket?: unknown) => void,
) => unknown;

/** Node's Agent internals touched below (stable since Node 14, still so in Node 20 and 22). */
interface AgentInternals {
  totalSocketCount: number;
  createConnection: CreateConnection;
}

/**
 * Node's Agent counts a socket only once `createConnection` hands it over. hpagent opens its tunnel
 * asynchronously (CONNECT first), so under a burst every request sees zero sockets and opens its
 * own: 20 concurrent calls made 20 tunnels in our tests. Reserving a slot in `totalSocketCount`
 * while a tunnel is being set up makes `maxTotalSockets` hold. A request queued behind tunnels that
 * all fail would wait for got's timeout; `regionHttp` never lets more than 4 calls reach the agent,
 * so that queue stays empty.
 */
function countPendingTunnels<A extends http.Agent>(agent: A): A {
  const internals = agent as unknown as AgentInternals;
  const create = internals.createConnection.bind(agent);
  internals.createConnection = (options, callback) => {
    internals.totalSocketCount += 1;
    return create(options, (error, socket) => {
      internals.totalSocketCount -= 1;
      callback(error, socket);
    });
  };
  return agent;
}

/**
 * Agents for one Region connection: direct when `proxyUrl` is null, otherwise tunnelled through
 * that proxy (CONNECT, for http and https targets alike; `http://user:pass@host:port` gives Basic
 * credentials).
 */
export function createProxyAgents(proxyUrl: string | null): RegionAgents {
  if (proxyUrl === null) {
    return { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  }
  const proxy = parseProxyUrl(proxyUrl);
  return {
    http: countPendingTunnels(new HttpProxyAgent({ ...agentOptions, proxy })),
    https: countPendingTunnels(new HttpsProxyAgent({ ...agentOptions, proxy })),
  };
}

/** Closes every socket of a connection's agents (settings changed, app quitting, test teardown). */
export function destroyAgents(agents: RegionAgents): void {
  agents.http.destroy();
  agents.https.destroy();
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * `NO_PROXY` entries as curl and most tools read them: comma or space separated; `*` matches every
 * host; `example.org` and `.example.org` match the domain and its subdomains; an optional `:port`
 * restricts the entry to that port. CIDR ranges are not supported (rare in school networks).
 */
function matchesNoProxy(url: URL, noProxy: string): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const portMatch = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[(.*)\](:\d+)?$/, '$1$2'));
    const entryHost = (portMatch?.[1] ?? entry).replace(/^\*?\./, '');
    const entryPort = portMatch?.[2];
    if (entryPort !== undefined && entryPort !== port) continue;
    if (host === entryHost || host.endsWith(`.${entryHost}`)) return true;
  }
  return false;
}

/**
 * The proxy the headless host uses for `targetUrl`, from the environment: `HTTPS_PROXY` for https
 * targets, `HTTP_PROXY` for http ones (lower-case names too), unless `NO_PROXY` excludes the host.
 * Loopback targets (the demo simulator, tests) never go through a proxy.
 */
export function proxyFromEnv(targetUrl: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const target = new URL(targetUrl);
  if (isLoopbackHost(target.hostname)) return null;
  const pick = (...names: string[]): string | undefined =>
    names.map((name) => env[name]?.trim()).find((value): value is string => value !== undefined && value !== '');
  const noProxy = pick('NO_PROXY', 'no_proxy');
  if (noProxy !== undefined && matchesNoProxy(target, noProxy)) return null;
  const proxy = target.protocol === 'https:' ? pick('HTTPS_PROXY', 'https_proxy') : pick('HTTP_PROXY', 'http_proxy');
  return proxy ?? null;
}

/**
 * A counting semaphore for the calls of one Region connection: `run` waits for one of `size` slots,
 * in arrival order. A call still waiting for a slot can be aborted (it then never starts).
 */
export interface CallSlots {
  run<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  inFlight(): number;
  waiting(): number;
}

export function createCallSlots(size: number): CallSlots {
  let busy = 0;
  const queue: Array<() => void> = [];

  function release(): void {
    const next = queue.shift();
    if (next) next();
    else busy -= 1;
  }

  function acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (busy < size) {
      busy += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const index = queue.indexOf(grant);
        if (index !== -1) queue.splice(index, 1);
        reject(signal?.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(grant);
    });
  }

  return {
    async run(call, signal) {
      await acquire(signal);
      try {
        return await call();
      } finally {
        release();
      }
    },
    inFlight: () => busy,
    waiting: () => queue.length,
  };
}
