/**
 * Region API simulator: a real HTTP server implementing the whole contract of
 * shared/region-api/openapi.yaml, with seeded data and replayable fault injection. The app loads
 * it in-process for demo mode and tests; `cli.ts` runs it standalone.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AddressInfo, type Socket } from 'node:net';
import { ClientRegistry, DEMO_ANTENNA, type SimClient } from './auth/clientRegistry';
import { RateLimiter } from './auth/rateLimiter';
import { TokenIssuer } from './auth/tokenIssuer';
import { ADMIN_PREFIX, handleAdminHttp } from './admin/adminHttp';
import { createSimulatorAdmin, type SimulatorAdmin } from './admin/simulatorAdmin';
import { FaultInjector } from './faults/faultInjector';
import { type FaultController, type RouteId } from './faults/faultTypes';
import { CursorCodec } from './feeds/cursorCodec';
import { BASE_PATH, dispatch, writeAnswer } from './http/dispatcher';
import { problemAnswer } from './http/problems';
import { IdempotencyGuard } from './idempotency/idempotencyGuard';
import { makePhotosDistinct } from './photos/distinctPhotos';
import { buildPhotoPool } from './photos/photoPool';
import { RequestLedger } from './requests/requestLedger';
import { antennaRoutes } from './routes/antennaRoutes';
import { cardRoutes } from './routes/cardRoutes';
import { requestRoutes } from './routes/requestRoutes';
import { sessionRoutes } from './routes/sessionRoutes';
import { generateDataset } from './seed/generateDataset';
import { createPrng } from './seed/prng';
import { type SimContext } from './simContext';
import { seedSimStore } from './store/seedSimStore';
import { SimStore } from './store/simStore';
import { isoSeconds } from './time/isoSeconds';

export { generateDataset } from './seed/generateDataset';
export type { Dataset, DatasetOptions, PhotoMeta } from './seed/generateDataset';
export type { FaultConfig, FaultController, RouteId } from './faults/faultTypes';
export type { SimulatorAdmin } from './admin/simulatorAdmin';

export interface SimulatorOptions {
  /** 0 = random (default 0). */
  port?: number;
  /** Default '127.0.0.1' (loopback only). */
  host?: string;
  /** SQLite file of the simulator's own state; default: a fresh file in os.tmpdir(). */
  dataFile?: string;
  /** 10..50_000, default 2000 (requests attached to the demo client's establishments). */
  requests?: number;
  /** Default 1; same seed => same dataset and same fault sequence. */
  seed?: number;
  /** Server clock (default real clock); used for serverTime, token expiry, decidedAt checks. */
  now?: () => Date;
  /** Default 3600. */
  tokenTtlSeconds?: number;
  /** Default '2026-2027'. */
  schoolYear?: string;
  /** Log sink (default: none). Lines carry ids, never personal data. */
  log?: (line: string) => void;
  /**
   * UAIs of the demo establishment client: 2 (default) = the cité scolaire (lycée + LP), 1 = the
   * lycée alone, with every generated request on it. Only used when seeding a new data file.
   */
  uais?: 1 | 2;
  /**
   * 'pool' (default): requests share the ~24 synthetic pool photos (3–14 KB). 'distinct': each
   * request's photo is its pool image padded to about `photoKb` KiB with request-specific bytes, so
   * every photo has its own SHA-256 (a photo cache cannot share downloads). New data files only.
   */
  photos?: 'pool' | 'distinct';
  /** Target size of 'distinct' photos, in KiB (default 60, the Region's typical ID photo). */
  photoKb?: number;
  /** Calls a minute allowed per client (default 1 200, as the Region); benchmarks raise it. */
  rateLimitPerMinute?: number;
}

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:4010/generation/v1 */
  baseUrl: string;
  clients: {
    establishment: { clientId: string; clientSecret: string; uais: string[] };
    antenna: { clientId: string; clientSecret: string; antennaId: string };
  };
  faults: FaultController;
  admin: SimulatorAdmin;
  /** Guards the `/__sim/...` HTTP admin endpoints (Authorization: Bearer <adminToken>). */
  adminToken: string;
  /** The simulator's SQLite file (deleted on close when the simulator chose it). */
  dataFile: string;
  close(): Promise<void>;
}

const ROUTES = [...sessionRoutes, ...requestRoutes, ...cardRoutes, ...antennaRoutes];

interface StoredClients {
  establishment: SimClient;
  antenna: SimClient;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const seed = options.seed ?? 1;
  const requests = options.requests ?? 2000;
  if (!Number.isInteger(requests) || requests < 10 || requests > 50_000) {
    throw new Error('region-sim: requests must be an integer between 10 and 50000');
  }
  const uaiCount = options.uais ?? 2;
  if (uaiCount !== 1 && uaiCount !== 2) throw new Error('region-sim: uais must be 1 or 2');
  const photoKb = options.photoKb ?? 60;
  if (!Number.isFinite(photoKb) || photoKb < 1 || photoKb > 4096) {
    throw new Error('region-sim: photoKb must be between 1 and 4096');
  }
  const rateLimit = options.rateLimitPerMinute ?? 1200;
  if (!Number.isInteger(rateLimit) || rateLimit < 1) throw new Error('region-sim: rateLimitPerMinute must be ≥ 1');
  const schoolYear = options.schoolYear ?? '2026-2027';
  const log = options.log ?? (() => undefined);
  const ownsDataFile = options.dataFile === undefined;
  const dataFile =
    options.dataFile ?? join(tmpdir(), `region-sim-${process.pid}-${randomBytes(6).toString('hex')}.sqlite`);
  const store = new SimStore(dataFile);
  const photoPool = await buildPhotoPool();

  let clients: StoredClients;
  const storedClients = store.getMeta('clients');
  if (storedClients) {
    clients = JSON.parse(storedClients) as StoredClients;
    for (const photo of photoPool) store.putPhotoBlob(photo.sha256, photo.contentType, photo.data);
  } else {
    const dataset = generateDataset({ requests, seed, schoolYear, photoPool, demoUaiCount: uaiCount });
    if (options.photos === 'distinct') {
      const made = store.transaction(() =>
        makePhotosDistinct(dataset.requests, photoPool, Math.round(photoKb * 1024), (blob) =>
          store.putPhotoBlob(blob.sha256, blob.contentType, blob.data),
        ),
      );
      log(`[sim.seed] distinct photos=${made} targetKb=${photoKb}`);
    }
    seedSimStore(store, dataset, photoPool);
    const [lycee] = dataset.demoUais;
    clients = {
      establishment: {
        clientId: `etab-${lycee}-desk-01`,
        clientSecret: randomBytes(18).toString('base64url'),
        kind: 'ESTABLISHMENT',
        uais: dataset.demoUais,
        antennaId: null,
      },
      antenna: {
        clientId: 'antenne-amiens-desk-01',
        clientSecret: randomBytes(18).toString('base64url'),
        kind: 'ANTENNA',
        uais: [],
        antennaId: DEMO_ANTENNA.antennaId,
      },
    };
    store.setMeta('clients', JSON.stringify(clients));
    store.setMeta('cursorSecret', randomBytes(32).toString('hex'));
    store.setMeta('cursorEpoch', '0');
    log(`[sim.seed] seeded requests=${dataset.requests.length} cards=${dataset.cards.length} seed=${seed}`);
  }

  const registry = new ClientRegistry();
  registry.add(clients.establishment);
  registry.add(clients.antenna);

  const faults = new FaultInjector(seed);
  const baseNow = options.now ?? (() => new Date());
  const now = (): Date => new Date(baseNow().getTime() + faults.clockSkewMs);
  const prng = createPrng(seed ^ 0x5eed);
  let cursorEpoch = Number(store.getMeta('cursorEpoch') ?? '0');
  const tokens = new TokenIssuer(options.tokenTtlSeconds ?? 3600);
  const ctx: SimContext = {
    store,
    ledger: new RequestLedger(store, now, prng),
    guard: new IdempotencyGuard(store, () => isoSeconds(now())),
    faults,
    codec: new CursorCodec(store.getMeta('cursorSecret') ?? 'region-sim', () => cursorEpoch),
    clients: registry,
    tokens,
    limits: {
      calls: new RateLimiter(rateLimit, 60_000),
      tokens: new RateLimiter(30, 3_600_000),
      lookups: new RateLimiter(300, 3_600_000),
    },
    now,
    schoolYear,
    revalidationOpensOn: `${schoolYear.slice(0, 4)}-06-15`,
    prng,
    photoPool,
    callCounts: new Map<RouteId, number>(),
    log,
  };

  const faultController: FaultController = {
    configure: (config) => faults.configure(config),
    reset: () => faults.reset(),
    expireTokens: () => tokens.expireAll(),
    expireCursors: () => {
      cursorEpoch++;
      store.setMeta('cursorEpoch', String(cursorEpoch));
    },
    setClockSkewMs: (ms) => {
      faults.clockSkewMs = ms;
    },
    injectInvalidItem: (feed, uai) => faults.injectInvalidItem(feed, uai),
    offline: (on) => {
      faults.isOffline = on;
    },
  };
  const admin = createSimulatorAdmin(ctx, clients.establishment.uais);
  const adminToken = randomBytes(24).toString('base64url');

  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith(ADMIN_PREFIX)) {
      void handleAdminHttp(req, res, adminToken, admin, faultController, log);
      return;
    }
    if (faults.isOffline) {
      req.socket.destroy();
      return;
    }
    dispatch(ctx, ROUTES, req, res).catch((error: unknown) => {
      log(`[sim.http] unhandled error: ${error instanceof Error ? error.message : 'unknown'}`);
      if (!res.headersSent) writeAnswer(res, problemAnswer(500, 'internal-error', 'Erreur interne du simulateur.'));
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const baseUrl = `http://${host}:${address.port}${BASE_PATH}`;
  log(`[sim.http] listening ${baseUrl}`);

  let closed = false;
  return {
    baseUrl,
    clients: {
      establishment: {
        clientId: clients.establishment.clientId,
        clientSecret: clients.establishment.clientSecret,
        uais: [...clients.establishment.uais],
      },
      antenna: {
        clientId: clients.antenna.clientId,
        clientSecret: clients.antenna.clientSecret,
        antennaId: clients.antenna.antennaId ?? DEMO_ANTENNA.antennaId,
      },
    },
    faults: faultController,
    admin,
    adminToken,
    dataFile,
    async close() {
      if (closed) return;
      closed = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
      // A file we picked ourselves is scratch space: do not leave 50k-request databases in /tmp.
      if (ownsDataFile) {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${dataFile}${suffix}`, { force: true });
      }
    },
  };
}
