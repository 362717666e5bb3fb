/**
 * A real HTTP proxy on 127.0.0.1 for transport tests: CONNECT tunnels (what hpagent uses, for http
 * and https targets) and absolute-URI forwarding (what plain HTTP proxy clients send). Host names
 * can be mapped to loopback ports, the way a school proxy resolves names the desk cannot, and Basic
 * credentials can be required (407 otherwise).
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

export interface LoopbackProxy {
  url: string;
  /** `host:port` of every CONNECT and forwarded request, in arrival order. */
  targets: string[];
  connects(): number;
  forwarded(): number;
  maxOpenTunnels(): number;
  close(): Promise<void>;
}

export interface LoopbackProxyOptions {
  /** `name:port` → `127.0.0.1:port` the proxy really connects to. */
  hosts?: Record<string, string>;
  basic?: { user: string; password: string };
}

export async function startLoopbackProxy(options: LoopbackProxyOptions = {}): Promise<LoopbackProxy> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  let connects = 0;
  let forwarded = 0;
  let openTunnels = 0;
  let maxOpenTunnels = 0;
  const expectedAuth = options.basic
    ? `Basic ${Buffer.from(`${options.basic.user}:${options.basic.password}`).toString('base64')}`
    : null;
  const resolve = (hostPort: string): { host: string; port: number } => {
    const mapped = options.hosts?.[hostPort] ?? hostPort;
    const at = mapped.lastIndexOf(':');
    return { host: mapped.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(mapped.slice(at + 1)) };
  };

  const server: Server = createServer((req, res) => {
    if (expectedAuth && req.headers['proxy-authorization'] !== expectedAuth) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const url = new URL(req.url ?? '');
    const hostPort = `${url.hostname}:${url.port || '80'}`;
    targets.push(hostPort);
    forwarded += 1;
    const { host, port } = resolve(hostPort);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = httpRequest(
      { host, port, method: req.method, path: `${url.pathname}${url.search}`, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });

  server.on('connect', (req, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (expectedAuth && req.headers['proxy-authorization'] !== expectedAuth) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
      return;
    }
    const hostPort = req.url ?? '';
    targets.push(hostPort);
    connects += 1;
    const { host, port } = resolve(hostPort);
    const upstream = connect(port, host, () => {
      openTunnels += 1;
      maxOpenTunnels = Math.max(maxOpenTunnels, openTunnels);
      upstream.once('close', () => (openTunnels -= 1));
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    connects: () => connects,
    forwarded: () => forwarded,
    maxOpenTunnels: () => maxOpenTunnels,
    close: () =>
      new Promise((done) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A TCP relay that only counts connections: how many sockets the client really opens. */
export async function startCountingRelay(
  targetPort: number,
): Promise<{ port: number; total(): number; maxOpen(): number; close(): Promise<void> }> {
  let open = 0;
  let max = 0;
  let total = 0;
  const sockets = new Set<Socket>();
  const tcp = createTcpServer((client) => {
    total += 1;
    open += 1;
    max = Math.max(max, open);
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.once('close', () => {
      open -= 1;
      upstream.destroy();
    });
    upstream.once('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((done) => tcp.listen(0, '127.0.0.1', done));
  return {
    port: (tcp.address() as AddressInfo).port,
    total: () => total,
    maxOpen: () => max,
    close: () =>
      new Promise((done) => {
        for (const socket of sockets) socket.destroy();
        tcp.close(() => done());
      }),
  };
}
