import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** What a cursor remembers. `m`: `r` while a full resync pages through, `c` for changes since `s`. */
const CursorPayload = z.strictObject({
  f: z.enum(['requests', 'cards', 'establishments']),
  u: z.string().max(16),
  c: z.string().max(64),
  m: z.enum(['r', 'c']),
  k: z.string().max(64),
  s: z.number().int().min(0),
  e: z.number().int().min(0),
});
export type CursorPayload = z.infer<typeof CursorPayload>;

export type CursorCheck = { ok: true; payload: CursorPayload } | { ok: false; reason: 'invalid' | 'expired' };

/**
 * Opaque, signed cursors (base64url payload + HMAC), tied to one feed, one UAI and one client, so
 * a cursor from another feed is 400 `invalid-cursor` and one from an older epoch is 410.
 */
export class CursorCodec {
  constructor(
    private readonly secret: string,
    private readonly epoch: () => number,
  ) {}

  encode(payload: Omit<CursorPayload, 'e'>): string {
    const body = Buffer.from(JSON.stringify({ ...payload, e: this.epoch() })).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  decode(cursor: string, expected: { f: CursorPayload['f']; u: string; c: string }): CursorCheck {
    if (cursor.length > 1024) return { ok: false, reason: 'invalid' };
    const [body, signature, extra] = cursor.split('.');
    if (!body || !signature || extra !== undefined) return { ok: false, reason: 'invalid' };
    const expectedSig = Buffer.from(this.sign(body));
    const givenSig = Buffer.from(signature);
    if (expectedSig.length !== givenSig.length || !timingSafeEqual(expectedSig, givenSig)) {
      return { ok: false, reason: 'invalid' };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    const result = CursorPayload.safeParse(parsed);
    if (!result.success) return { ok: false, reason: 'invalid' };
    const payload = result.data;
    if (payload.f !== expected.f || payload.u !== expected.u || payload.c !== expected.c) {
      return { ok: false, reason: 'invalid' };
    }
    if (payload.e !== this.epoch()) return { ok: false, reason: 'expired' };
    return { ok: true, payload };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url').slice(0, 27);
  }
}
