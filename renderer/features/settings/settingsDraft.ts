/**
 * Turns the form into a `settings:update` input and the contract's validation issues into French
 * messages per field. The rules themselves live in the contract (one source of truth).
 */
import { type Settings, SettingsUpdate } from '../../../shared/ipc/contract';
import { fr } from '../../i18n/fr';

export interface SettingsDraft {
  regionApiUrl: string;
  clientId: string;
  /** Typed by staff; never pre-filled. */
  clientSecret: string;
  eraseSecret: boolean;
}

export type DraftErrors = Partial<Record<'regionApiUrl' | 'clientId' | 'clientSecret', string>>;

export function draftFromSettings(settings: Settings): SettingsDraft {
  return { regionApiUrl: settings.regionApiUrl, clientId: settings.clientId, clientSecret: '', eraseSecret: false };
}

export type DraftCheck = { ok: true; update: SettingsUpdate } | { ok: false; errors: DraftErrors };

export function toUpdate(draft: SettingsDraft, settings: Settings): DraftCheck {
  const env = settings.fromEnvironment;
  const candidate: Record<string, unknown> = {
    // Values pinned by the environment are sent back unchanged: the form cannot alter them.
    regionApiUrl: env.regionApiUrl ? settings.regionApiUrl : draft.regionApiUrl.trim(),
    clientId: env.clientId ? settings.clientId : draft.clientId.trim(),
  };
  if (!env.clientSecret) {
    if (draft.clientSecret !== '') candidate.clientSecret = draft.clientSecret;
    else if (draft.eraseSecret) candidate.clientSecret = '';
  }
  const parsed = SettingsUpdate.safeParse(candidate);
  if (parsed.success) return { ok: true, update: parsed.data };
  const errors: DraftErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (field === 'regionApiUrl') {
      errors.regionApiUrl ??= issue.code === 'too_big' ? fr.settings.urlTooLong : fr.settings.urlInvalid;
    } else if (field === 'clientId') {
      errors.clientId ??= fr.settings.clientIdTooLong;
    } else if (field === 'clientSecret') {
      errors.clientSecret ??= fr.settings.clientSecretTooLong;
    }
  }
  return { ok: false, errors };
}
