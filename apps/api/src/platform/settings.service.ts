import { Injectable } from '@nestjs/common';
import {
  DEFAULT_PLATFORM_SETTINGS,
  type PlatformSettings,
  PlatformSettings as PlatformSettingsSchema,
  type PlatformSettingsView,
  type UpdatePlatformSettingsBody,
} from '@shareshop/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Invalid } from '../domain/errors.js';

const KEY = 'distribution';
const TTL_MS = 5_000;

interface StoredValue {
  settings: Partial<PlatformSettings>;
  multiLevelAcknowledgement: { by: number; at: string } | null;
}
/** The `distribution` row of platform_setting (value is jsonb). */
type SettingRow = { value: StoredValue; updated_by: number | null; updated_at: Date };

/**
 * Typed platform settings in one `platform_setting` row. Reads are cached for a few seconds: settings change
 * rarely, and every order and login reads them. Stored values are re-validated on read and merged over the
 * defaults, so a new setting needs no data migration and a bad row can never weaken the compliance limits.
 */
@Injectable()
export class PlatformSettingsService {
  private cache?: { at: number; view: PlatformSettingsView };

  constructor(private readonly dataSource: DataSource) {}

  async get(em?: EntityManager): Promise<PlatformSettings> {
    return this.strip(await this.view(em));
  }

  async view(em?: EntityManager): Promise<PlatformSettingsView> {
    if (!em && this.cache && Date.now() - this.cache.at < TTL_MS) return this.cache.view;
    const [row] = await (em ?? this.dataSource).query<SettingRow[]>('SELECT value, updated_by, updated_at FROM platform_setting WHERE key = $1', [KEY]);
    const view = this.toView(row);
    if (!em) this.cache = { at: Date.now(), view };
    return view;
  }

  /** Merges a validated update under a row lock (two admins saving at once do not lose each other's fields). */
  async update(adminUserId: number, body: UpdatePlatformSettingsBody): Promise<PlatformSettingsView> {
    const view = await this.dataSource.transaction(async (em) => {
      await em.query(`INSERT INTO platform_setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [
        KEY,
        JSON.stringify({ settings: {}, multiLevelAcknowledgement: null }),
      ]);
      const [row] = await em.query<Array<Pick<SettingRow, 'value'>>>('SELECT value FROM platform_setting WHERE key = $1 FOR UPDATE', [KEY]);
      const stored = row.value;
      const { acknowledgeMultiLevelRisk, ...changes } = body;
      const next: StoredValue = {
        settings: { ...stored.settings, ...changes },
        multiLevelAcknowledgement:
          changes.commissionLevels !== undefined && changes.commissionLevels >= 2 && acknowledgeMultiLevelRisk
            ? { by: adminUserId, at: new Date().toISOString() }
            : stored.multiLevelAcknowledgement,
      };
      // whole-object check: e.g. a minimum raised above an unchanged daily limit
      const merged = { ...DEFAULT_PLATFORM_SETTINGS, ...next.settings };
      if (merged.withdrawalMinFen > merged.withdrawalDailyLimitFen) {
        throw new Invalid('withdrawalMinFen', '不能大于每日提现上限');
      }
      await em.query('UPDATE platform_setting SET value = $2, updated_by = $3, updated_at = now() WHERE key = $1', [KEY, JSON.stringify(next), adminUserId]);
      const [saved] = await em.query<SettingRow[]>('SELECT value, updated_by, updated_at FROM platform_setting WHERE key = $1', [KEY]);
      return this.toView(saved);
    });
    this.cache = { at: Date.now(), view };
    return view;
  }

  /** Drops the cache (tests that change settings through SQL or another instance). */
  invalidate(): void {
    this.cache = undefined;
  }

  private toView(row?: SettingRow): PlatformSettingsView {
    const stored = row?.value;
    const parsed = PlatformSettingsSchema.partial().safeParse(stored?.settings ?? {});
    const settings: PlatformSettings = { ...DEFAULT_PLATFORM_SETTINGS, ...(parsed.success ? parsed.data : {}) };
    // A stored multi-level setting without an acknowledgement is treated as one level.
    if (settings.commissionLevels >= 2 && !stored?.multiLevelAcknowledgement) settings.commissionLevels = 1;
    return {
      ...settings,
      multiLevelAcknowledgement: stored?.multiLevelAcknowledgement ?? null,
      updatedAt: row ? new Date(row.updated_at).toISOString() : null,
      updatedBy: row?.updated_by ?? null,
    };
  }

  private strip(view: PlatformSettingsView): PlatformSettings {
    const { multiLevelAcknowledgement: _a, updatedAt: _u, updatedBy: _b, ...settings } = view;
    return settings;
  }
}
