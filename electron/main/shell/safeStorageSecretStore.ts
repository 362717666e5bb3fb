import { safeStorage } from 'electron';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretStore } from '../services/secrets/secretStore';

export class InsecureKeyStoreError extends Error {
  readonly messageFr =
    "Aucun trousseau sécurisé n'est disponible sur ce poste (gnome-keyring ou kwallet sous Linux). " +
    "L'application refuse de conserver en clair la clé de chiffrement des données et les identifiants " +
    "de la Région : installez ou déverrouillez un trousseau, puis relancez l'application.";
  constructor() {
    super('safeStorage: no OS key store (basic_text backend)');
  }
}

/**
 * Secrets wrapped by the OS key store (DPAPI on Windows, Keychain on macOS). Linux's plain-text
 * fallback is refused rather than used silently: it would store the Region credentials in clear.
 */
export function createSafeStorageSecretStore(dir: string): SecretStore {
  const file = join(dir, 'secrets.json');

  function assertSecure(): void {
    if (!safeStorage.isEncryptionAvailable()) throw new InsecureKeyStoreError();
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      throw new InsecureKeyStoreError();
    }
  }

  function readAll(): Record<string, string> {
    if (!existsSync(file)) return {};
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  }

  function writeAll(data: Record<string, string>): void {
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    renameSync(tmp, file);
  }

  return {
    async get(name) {
      const wrapped = readAll()[name];
      if (wrapped === undefined) return null;
      assertSecure();
      return safeStorage.decryptString(Buffer.from(wrapped, 'base64'));
    },
    async set(name, value) {
      assertSecure();
      const data = readAll();
      data[name] = safeStorage.encryptString(value).toString('base64');
      writeAll(data);
    },
    async delete(name) {
      const data = readAll();
      delete data[name];
      writeAll(data);
    },
  };
}
