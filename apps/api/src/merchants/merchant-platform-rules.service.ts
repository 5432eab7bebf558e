import { Injectable } from '@nestjs/common';
import { COMMISSION_CAP_HARD_MAX_BPS, type MerchantPlatformRulesView } from '@shareshop/common';
import { PlatformSettingsService } from '../platform/settings.service.js';

/** Per-level ceiling of a merchant's rate (BpsRate in @shareshop/common): never above 50%. */
const MAX_LEVEL_BPS = 5000;

/**
 * The platform settings a merchant's commission rates are bound by, as the commission calculator applies
 * them (levels beyond `commissionLevels` pay nothing; a total above the cap is trimmed from the deepest
 * level), so the commission page shows the limits in force instead of the defaults.
 */
@Injectable()
export class MerchantPlatformRulesService {
  constructor(private readonly settings: PlatformSettingsService) {}

  async get(): Promise<MerchantPlatformRulesView> {
    const s = await this.settings.get();
    return {
      commissionLevels: s.commissionLevels,
      commissionCapBps: s.commissionCapBps,
      maxLevelBps: MAX_LEVEL_BPS,
      hardMaxTotalBps: COMMISSION_CAP_HARD_MAX_BPS,
      afterSaleDaysFallback: s.afterSaleDaysFallback,
    };
  }
}
