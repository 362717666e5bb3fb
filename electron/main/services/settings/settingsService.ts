/**
 * The Region connection settings: base URL and client id in the store's settings table, the client
 * secret in the SecretStore. Environment variables override stored values (a deployment tool or a
 * test harness sets them) and are reported as such, so the settings screen can say why a field is
 * locked. The secret never leaves this module except towards the Region: the renderer only learns
 * whether one exists.
 */
import { z } from 'zod';
import { SettingsUpdate, type AppMode, type Settings } from '../../../../shared/ipc/contract';
import { HandlerError } from '../ipc/errorToResult';
import { createLogger } from '../log/logger';
import { SECRET_NAMES, type SecretStore } from '../secrets/secretStore';
import { getSetting, setSetting } from '../store/settingsRepo';
import { type AppDatabase } from '../store/openDatabase';

const log = createLogger('settings');

export const SETTING_KEYS = {
  regionApiUrl: 'region.apiUrl',
  clientId: 'region.clientId',
} as const;

export const ENV_KEYS = {
  regionApiUrl: 'REGION_API_URL',
  clientId: 'REGION_CLIENT_ID',
  clientSecret: 'REGION_CLIENT_SECRET',
} as const;

/** What the services use to reach the Region: never sent to the renderer as is. */
export interface EffectiveRegionSettings {
  mode: Exclude<AppMode, 'unconfigured'>;
  regionApiUrl: string;
  clientId: string;
  clientSecret: string | null;
  fromEnvironment: Settings['fromEnvironment'];
}

export interface SettingsService {
  /** The renderer's view: no secret, only `hasClientSecret`. */
  get(): Promise<Settings>;
  effective(): Promise<EffectiveRegionSettings>;
  /** Validates with the contract's `SettingsUpdate`, stores, and answers the new view. */
  update(raw: unknown): Promise<Settings>;
}

export interface SettingsServiceOptions {
  db: AppDatabase;
  secretStore: SecretStore;
  env?: Record<string, string | undefined>;
}

const StoredString = z.string().max(500);

export function createSettingsService(options: SettingsServiceOptions): SettingsService {
  const env = options.env ?? {};
  const fromEnv = (key: string): string | null => {
    const value = env[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };

  async function effective(): Promise<EffectiveRegionSettings> {
    const envUrl = fromEnv(ENV_KEYS.regionApiUrl);
    const envId = fromEnv(ENV_KEYS.clientId);
    // A secret may legitimately contain spaces at its ends: only empty means unset.
    const rawEnvSecret = env[ENV_KEYS.clientSecret];
    const envSecret = typeof rawEnvSecret === 'string' && rawEnvSecret !== '' ? rawEnvSecret : null;
    const regionApiUrl = envUrl ?? getSetting(options.db, SETTING_KEYS.regionApiUrl, StoredString) ?? '';
    const clientId = envId ?? getSetting(options.db, SETTING_KEYS.clientId, StoredString) ?? '';
    const clientSecret = envSecret ?? (await options.secretStore.get(SECRET_NAMES.regionClientSecret));
    return {
      mode: regionApiUrl === '' ? 'demo' : 'live',
      regionApiUrl,
      clientId,
      clientSecret: clientSecret === '' ? null : clientSecret,
      fromEnvironment: { regionApiUrl: envUrl !== null, clientId: envId !== null, clientSecret: envSecret !== null },
    };
  }

  async function get(): Promise<Settings> {
    const current = await effective();
    return {
      regionApiUrl: current.regionApiUrl,
      clientId: current.clientId,
      hasClientSecret: current.clientSecret !== null,
      fromEnvironment: current.fromEnvironment,
      mode: current.mode,
    };
  }

  async function update(raw: unknown): Promise<Settings> {
    const parsed = SettingsUpdate.safeParse(raw);
    if (!parsed.success) {
      throw new HandlerError(
        'INVALID_INPUT',
        'Réglages refusés : l’adresse de la Région doit commencer par https:// (http:// seulement pour ce poste lui-même).',
      );
    }
    const next = parsed.data;
    const regionApiUrl = next.regionApiUrl.trim();
    setSetting(options.db, SETTING_KEYS.regionApiUrl, regionApiUrl);
    setSetting(options.db, SETTING_KEYS.clientId, next.clientId.trim());
    if (next.clientSecret !== undefined) {
      if (next.clientSecret === '') await options.secretStore.delete(SECRET_NAMES.regionClientSecret);
      else await options.secretStore.set(SECRET_NAMES.regionClientSecret, next.clientSecret);
    }
    const view = await get();
    log.info('settings updated', {
      mode: view.mode,
      // Key names avoid the redaction words on purpose: these are states, not the secret.
      authChange: next.clientSecret === undefined ? 'kept' : next.clientSecret === '' ? 'erased' : 'set',
    });
    return view;
  }

  return { get, effective, update };
}
