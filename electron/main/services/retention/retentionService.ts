/**
 * Retention as the app runs it: the delay setting (default 30 days), a purge after each completed
 * sync and on the administrator's demand, the last report, and one audit entry per purge that
 * removed or held back anything (counts and ids only).
 */
import { Me } from '../../../../shared/region-api/schemas';
import {
  PurgeReport,
  RETENTION_DEFAULT_DELAY_DAYS,
  RetentionSettings,
  type PurgeTrigger,
} from '../../../../shared/schemas/retention';
import { type AuditLog } from '../audit/auditLog';
import { createLogger } from '../log/logger';
import { ME_REFERENCE_KEY } from '../region/fetchMe';
import { type AppDatabase } from '../store/openDatabase';
import { getReference } from '../store/referenceRepo';
import { getSetting, setSetting } from '../store/settingsRepo';
import { purgeRetention } from './purgeRetention';

const log = createLogger('retention.service');

export const RETENTION_SETTING = 'retention.settings';

export interface RetentionService {
  settings(): RetentionSettings;
  updateSettings(next: RetentionSettings, actorId: string): RetentionSettings;
  purge(trigger: PurgeTrigger, actorId: string): PurgeReport;
  lastReport(): PurgeReport | null;
}

export interface RetentionServiceOptions {
  db: AppDatabase;
  photosDir: string;
  audit?: AuditLog | undefined;
  now?: () => Date;
}

export function createRetentionService(options: RetentionServiceOptions): RetentionService {
  const { db } = options;

  function settings(): RetentionSettings {
    return getSetting(db, RETENTION_SETTING, RetentionSettings) ?? { delayDays: RETENTION_DEFAULT_DELAY_DAYS };
  }

  function currentSchoolYear(): string | null {
    return getReference(db, ME_REFERENCE_KEY, Me)?.value.currentSchoolYear ?? null;
  }

  function audit(entry: Parameters<AuditLog['append']>[0]): void {
    try {
      options.audit?.append(entry);
    } catch (error) {
      // The purge itself is done and reported; a failed audit write is logged, never hidden.
      log.error('audit entry could not be written', { errorClass: error instanceof Error ? error.name : typeof error });
    }
  }

  return {
    settings,
    updateSettings(next, actorId) {
      const valid = RetentionSettings.parse(next);
      setSetting(db, RETENTION_SETTING, valid);
      log.info('retention delay changed', { delayDays: valid.delayDays });
      audit({
        actorId,
        action: 'settings.update',
        recordId: RETENTION_SETTING,
        detail: { delayDays: valid.delayDays },
      });
      return valid;
    },
    purge(trigger, actorId) {
      const report = purgeRetention({
        db,
        photosDir: options.photosDir,
        delayDays: settings().delayDays,
        currentSchoolYear: currentSchoolYear(),
        trigger,
        ...(options.now ? { now: options.now } : {}),
      });
      if (trigger === 'manual' || report.requests.count + report.cards.count + report.photos.count > 0) {
        audit({
          actorId,
          action: 'purge.run',
          recordId: null,
          detail: {
            trigger,
            requests: report.requests.count,
            cards: report.cards.count,
            photos: report.photos.count,
            heldBack: report.heldBack.count,
          },
        });
      }
      return report;
    },
    lastReport() {
      const row = db.sqlite.prepare('SELECT report FROM purge_reports ORDER BY id DESC LIMIT 1').get() as
        { report: string } | undefined;
      if (!row) return null;
      const parsed = PurgeReport.safeParse(JSON.parse(row.report));
      return parsed.success ? parsed.data : null;
    },
  };
}
