/**
 * Where credentials live. The headless host uses a 0600 JSON file (`fileSecretStore`); the Electron
 * shell backs the same interface with safeStorage. Secrets are never logged nor sent to the renderer.
 */
export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** Names of the secrets the services keep. */
export const SECRET_NAMES = {
  regionClientSecret: 'region.clientSecret',
  /** The store key (hex), Electron only: the host takes it from HDF_STORE_KEY. */
  storeKey: 'store.key',
} as const;
