import { createHash } from 'node:crypto';
import { type HttpAnswer } from '../http/answer';
import { problemAnswer } from '../http/problems';
import { type SimStore } from '../store/simStore';

/** Problem types the contract says are stored and replayed like a success. */
const STORED_CONFLICTS = new Set(['version-conflict', 'already-decided', 'already-revalidated', 'duplicate-request']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string | undefined): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** JSON compared as data: member order and whitespace do not matter. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function fingerprint(
  operation: string,
  targetId: string,
  ifMatch: string | number | null,
  body: unknown,
): string {
  return createHash('sha256').update(canonicalJson({ operation, targetId, ifMatch, body })).digest('hex');
}

export type KeyOutcome =
  { kind: 'fresh'; finish: (answer: HttpAnswer) => HttpAnswer } | { kind: 'done'; answer: HttpAnswer };

/**
 * The shared key space of the decision, revalidation and filing endpoints (per client). A running
 * key answers 409 `idempotency-key-in-use`; final answers (2xx, the replayable 409s, 422) are stored.
 */
export class IdempotencyGuard {
  private readonly running = new Set<string>();

  constructor(
    private readonly store: SimStore,
    private readonly nowIso: () => string,
  ) {}

  begin(clientId: string, key: string, print: string): KeyOutcome {
    const slot = `${clientId}\u0000${key}`;
    const stored = this.store.getStoredAnswer(clientId, key);
    if (stored) {
      if (stored.fingerprint !== print) {
        return {
          kind: 'done',
          answer: problemAnswer(
            422,
            'idempotency-key-reused',
            'Cette clé a déjà servi pour une requête différente ; générez une nouvelle clé pour une nouvelle décision.',
          ),
        };
      }
      return {
        kind: 'done',
        answer: {
          status: stored.status,
          headers: { ...stored.headers, 'Idempotent-Replayed': 'true' },
          json: stored.body,
          contentType: stored.status >= 400 ? 'application/problem+json' : 'application/json',
        },
      };
    }
    if (this.running.has(slot)) {
      return {
        kind: 'done',
        answer: problemAnswer(
          409,
          'idempotency-key-in-use',
          "Une requête avec cette clé d'idempotence est en cours ; réessayez dans 1 seconde.",
          {},
          { 'Retry-After': '1' },
        ),
      };
    }
    this.running.add(slot);
    return {
      kind: 'fresh',
      finish: (answer) => {
        this.running.delete(slot);
        if (isStorable(answer)) {
          this.store.storeAnswer(
            clientId,
            key,
            { fingerprint: print, status: answer.status, headers: answer.headers ?? {}, body: answer.json ?? null },
            this.nowIso(),
          );
        }
        return answer;
      },
    };
  }

  /**
   * Runs `work` under the key. `pause` (injected latency) runs while the key is held, which is
   * what makes a concurrent retry see 409 `idempotency-key-in-use`.
   */
  async run(
    clientId: string,
    key: string,
    print: string,
    pause: () => Promise<void>,
    work: () => HttpAnswer | Promise<HttpAnswer>,
  ): Promise<HttpAnswer & { replayed: boolean }> {
    const outcome = this.begin(clientId, key, print);
    if (outcome.kind === 'done') {
      return { ...outcome.answer, replayed: outcome.answer.headers?.['Idempotent-Replayed'] === 'true' };
    }
    try {
      await pause();
      return { ...outcome.finish(await work()), replayed: false };
    } catch (error) {
      this.running.delete(`${clientId}\u0000${key}`);
      throw error;
    }
  }
}

function isStorable(answer: HttpAnswer): boolean {
  if (answer.status >= 200 && answer.status < 300) return true;
  if (answer.status === 422) return true;
  if (answer.status === 409) {
    const type = (answer.json as { type?: string } | undefined)?.type ?? '';
    return STORED_CONFLICTS.has(type.slice(type.lastIndexOf('/') + 1));
  }
  return false;
}
