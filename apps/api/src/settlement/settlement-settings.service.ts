import { Injectable } from '@nestjs/common';
import type { SettlementSettingsBody } from '@shareshop/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PlatformSetting } from '../platform/platform-setting.entity.js';

const KEY = 'settlement';

/** Settlement's own platform setting row (platform fee in basis points, default 0: "0 commission"). */
@Injectable()
export class SettlementSettingsService {
  constructor(private readonly dataSource: DataSource) {}

  async get(em: EntityManager = this.dataSource.manager): Promise<SettlementSettingsBody> {
    const row = await em.getRepository(PlatformSetting).findOneBy({ key: KEY });
    // the stored value is re-checked on read: a row edited by hand can never set a fee outside 0-30%
    const bps = Number((row?.value as { platformFeeBps?: unknown } | undefined)?.platformFeeBps ?? 0);
    return { platformFeeBps: Number.isInteger(bps) && bps >= 0 && bps <= 3000 ? bps : 0 };
  }

  async update(adminUserId: number, body: SettlementSettingsBody): Promise<SettlementSettingsBody> {
    await this.dataSource.getRepository(PlatformSetting).upsert({ key: KEY, value: body, updatedBy: adminUserId, updatedAt: () => 'now()' }, ['key']);
    return this.get();
  }
}
