import { type ClientRegistry } from './auth/clientRegistry';
import { type RateLimiter } from './auth/rateLimiter';
import { type TokenIssuer } from './auth/tokenIssuer';
import { type FaultInjector } from './faults/faultInjector';
import { type RouteId } from './faults/faultTypes';
import { type CursorCodec } from './feeds/cursorCodec';
import { type IdempotencyGuard } from './idempotency/idempotencyGuard';
import { type PooledPhoto } from './photos/photoPool';
import { type RequestLedger } from './requests/requestLedger';
import { type Prng } from './seed/prng';
import { type SimStore } from './store/simStore';

/** Everything a route needs, built once per simulator. */
export interface SimContext {
  store: SimStore;
  ledger: RequestLedger;
  guard: IdempotencyGuard;
  faults: FaultInjector;
  codec: CursorCodec;
  clients: ClientRegistry;
  tokens: TokenIssuer;
  limits: { calls: RateLimiter; tokens: RateLimiter; lookups: RateLimiter };
  /** Server clock, clock skew included. */
  now: () => Date;
  schoolYear: string;
  revalidationOpensOn: string;
  prng: Prng;
  photoPool: PooledPhoto[];
  callCounts: Map<RouteId, number>;
  log: (line: string) => void;
}
