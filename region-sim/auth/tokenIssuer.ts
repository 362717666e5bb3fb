import { randomBytes } from 'node:crypto';
import { type Scope } from './clientRegistry';

export interface IssuedToken {
  clientId: string;
  scopes: Scope[];
  expiresAtMs: number;
  generation: number;
}

/**
 * Opaque bearer tokens held in memory. `expireAll` bumps a generation so that every token issued
 * before answers 401, which is how tests force the client's renew-and-replay path.
 */
export class TokenIssuer {
  private readonly tokens = new Map<string, IssuedToken>();
  private generation = 0;

  constructor(private readonly ttlSeconds: number) {}

  issue(clientId: string, scopes: Scope[], nowMs: number): { token: string; expiresIn: number } {
    const token = `sim.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, {
      clientId,
      scopes,
      expiresAtMs: nowMs + this.ttlSeconds * 1000,
      generation: this.generation,
    });
    return { token, expiresIn: this.ttlSeconds };
  }

  /** The token's grant, or null when unknown, expired or revoked. */
  verify(token: string, nowMs: number): IssuedToken | null {
    const grant = this.tokens.get(token);
    if (!grant) return null;
    if (grant.generation !== this.generation || nowMs >= grant.expiresAtMs) return null;
    return grant;
  }

  expireAll(): void {
    this.generation++;
  }
}
