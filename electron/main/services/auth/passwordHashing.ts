/**
 * Staff passwords: argon2id (memory-hard) through @node-rs/argon2, with OWASP's minimum
 * parameters (19 MiB, 2 passes, 1 lane). The PHC string stores them, so raising them later keeps
 * old hashes verifiable.
 */
import { type Algorithm, hash, verify } from '@node-rs/argon2';

// `Algorithm` is a const enum in the package's typings, which isolated modules cannot inline.
const ARGON2ID = 2 as Algorithm;

export const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash never matches.
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/** Spends the same time as a real check, so an unknown login answers as slowly as a known one. */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword('unused-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
}
