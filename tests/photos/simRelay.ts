/**
 * A reverse relay in front of the simulator for photo tests: counts photo calls in flight and can
 * alter photo bodies on the way back (what a broken cache or middlebox would do), which the
 * simulator itself cannot be asked for.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface SimRelay {
  baseUrl: string;
  /** Highest number of photo calls seen in flight at once. */
  maxPhotoInFlight(): number;
  photoCalls(): number;
  /** Decides, per photo call (1-based count per photo id), whether its body is corrupted. */
  corrupt: (photoId: string, callForThatId: number) => boolean;
  close(): Promise<void>;
}

export async function startSimRelay(simBaseUrl: string): Promise<SimRelay> {
  const target = new URL(simBaseUrl);
  let inFlight = 0;
  let maxInFlight = 0;
  let photoCalls = 0;
  const callsPerId = new Map<string, number>();
  const relay: SimRelay = {
    baseUrl: '',
    maxPhotoInFlight: () => maxInFlight,
    photoCalls: () => photoCalls,
    corrupt: () => false,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const match = /\/photos\/([^/?]+)/.exec(req.url ?? '');
    const photoId = match?.[1];
    if (photoId) {
      photoCalls += 1;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      callsPerId.set(photoId, (callsPerId.get(photoId) ?? 0) + 1);
    }
    const done = (): void => {
      if (photoId) inFlight -= 1;
    };
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let body = Buffer.concat(chunks);
          if (photoId && answer.statusCode === 200 && relay.corrupt(photoId, callsPerId.get(photoId) ?? 0)) {
            body = Buffer.from(body);
            body[body.length >> 1] = (body[body.length >> 1] ?? 0) ^ 0xff;
          }
          const headers = { ...answer.headers, 'content-length': String(body.length) };
          delete headers['transfer-encoding'];
          done();
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(body);
        });
      },
    );
    upstream.on('error', () => {
      done();
      res.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  relay.baseUrl = `http://127.0.0.1:${port}${target.pathname}`;
  return relay;
}
