/**
 * The headless host's secrets sealed with the store key, so the Region client secret is kept "the
 * same way" as the data: unreadable without the key (the Electron shell has safeStorage instead).
 * Each value is AES-256-GCM under a key derived from the store key by HKDF (its own label), with a
 * random nonce and the secret's name as associated data (a value moved to another name fails).
 * A clear value left by an older host is sealed the first time it is read.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { createLogger } from '../log/logger';
import { type SecretStore } from './secretStore';

const log = createLogger('secrets.sealed');

const PREFIX = 'sealed.v1:';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

function secretsKey(storeKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', storeKey, Buffer.alloc(0), 'hdf.secrets.aes-256-gcm.v1', 32));
}

export function createSealedSecretStore(inner: SecretStore, storeKey: Buffer): SecretStore {
  const key = secretsKey(storeKey);

  function seal(name: string, value: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(name, 'utf8'));
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
  }

  function open(name: string, sealed: string): string | null {
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    if (raw.length < NONCE_BYTES + TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES));
      decipher.setAAD(Buffer.from(name, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      return null;
    }
  }

  return {
    async get(name) {
      const stored = await inner.get(name);
      if (stored === null) return null;
      if (!stored.startsWith(PREFIX)) {
        await inner.set(name, seal(name, stored));
        log.info('clear secret sealed with the store key', { name });
        return stored;
      }
      const value = open(name, stored);
      // Another key (a data dir opened with a different HDF_STORE_KEY) or a damaged value: the
      // credential must be typed again; never guessed, never logged.
      if (value === null) log.warn('secret could not be unsealed with this store key', { name });
      return value;
    },
    set(name, value) {
      return inner.set(name, seal(name, value));
    },
    delete(name) {
      return inner.delete(name);
    },
  };
}
