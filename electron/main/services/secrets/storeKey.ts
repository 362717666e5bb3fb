/**
 * The store key: 256 random bits that encrypt the SQLite file (AEGIS-256 pages, raw key: storeConnection.ts)
 * and, through HKDF, the cached photos. It never lives in clear on disk: the Electron shell keeps it
 * wrapped by the OS key store (safeStorage), the headless host takes it from HDF_STORE_KEY.
 */
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { SECRET_NAMES, type SecretStore } from './secretStore';

export const STORE_KEY_BYTES = 32;
/** Environment variable of the headless host: the store key as 64 hex characters. */
export const STORE_KEY_ENV = 'HDF_STORE_KEY';

const HEX_KEY = /^[0-9a-fA-F]{64}$/;

export class StoreKeyError extends Error {
  override readonly name = 'StoreKeyError';
  constructor(
    readonly code: 'MISSING' | 'MALFORMED',
    /** Shown to staff as is. */
    readonly messageFr: string,
  ) {
    super(`[secrets.storeKey] store key ${code.toLowerCase()}`);
  }
}

export function isStoreKey(value: unknown): value is Buffer {
  return Buffer.isBuffer(value) && value.length === STORE_KEY_BYTES;
}

export function generateStoreKey(): Buffer {
  return randomBytes(STORE_KEY_BYTES);
}

export function parseStoreKeyHex(hex: string): Buffer {
  if (!HEX_KEY.test(hex.trim())) {
    throw new StoreKeyError(
      'MALFORMED',
      'La clé de chiffrement fournie est invalide : elle doit compter 64 caractères hexadécimaux (256 bits).',
    );
  }
  return Buffer.from(hex.trim(), 'hex');
}

/** The headless host's key: required, from the environment (never generated, never written). */
export function storeKeyFromEnv(env: Record<string, string | undefined>): Buffer {
  const raw = env[STORE_KEY_ENV];
  if (raw === undefined || raw.trim() === '') {
    throw new StoreKeyError(
      'MISSING',
      `Aucune clé de chiffrement de la base n'a été fournie : définissez ${STORE_KEY_ENV} (64 caractères hexadécimaux).`,
    );
  }
  return parseStoreKeyHex(raw);
}

/**
 * The Electron shell's key: read from the secret store (safeStorage-wrapped), or created on first
 * run when no database exists yet. A database without its key is never answered with a new key
 * (that would open an empty store over the old one): the caller refuses instead.
 */
export async function loadOrCreateStoreKey(
  secrets: SecretStore,
  options: { databaseExists: boolean },
): Promise<Buffer> {
  const stored = await secrets.get(SECRET_NAMES.storeKey);
  if (stored !== null) return parseStoreKeyHex(stored);
  if (options.databaseExists) {
    throw new StoreKeyError(
      'MISSING',
      'La clé de chiffrement des données de ce poste est introuvable dans le trousseau du système. Les données ' +
        "existantes ne peuvent pas être ouvertes ; le fichier n'a pas été modifié. Contactez l'assistance.",
    );
  }
  const key = generateStoreKey();
  await secrets.set(SECRET_NAMES.storeKey, key.toString('hex'));
  return key;
}

export interface PhotoKeys {
  /** AES-256-GCM key of the photo files. */
  encryption: Buffer;
  /** HMAC key turning a photo's SHA-256 into its file name. */
  naming: Buffer;
}

/** Independent sub-keys (HKDF-SHA256 with distinct labels): a leak of one says nothing of the others. */
export function derivePhotoKeys(storeKey: Buffer): PhotoKeys {
  const derive = (info: string): Buffer =>
    Buffer.from(hkdfSync('sha256', storeKey, Buffer.alloc(0), info, STORE_KEY_BYTES));
  return { encryption: derive('hdf.photos.aes-256-gcm.v1'), naming: derive('hdf.photos.file-name.v1') };
}

/** A public fingerprint of the key (HMAC of a constant label): tells a wrong key from a damaged file. */
export function storeKeyId(storeKey: Buffer): string {
  return createHmac('sha256', storeKey).update('hdf.store.key-id.v1').digest('hex').slice(0, 32);
}
