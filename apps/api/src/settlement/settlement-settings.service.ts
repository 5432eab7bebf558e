import { Injectable } from '@nestjs/common';
import type { SettlementSettingsBody } from '@shareshop/common';
import { DataSource, type EntityManager } from 'typeorm';

const KEY = 'settlement';

/** Settlement's own platform setting row (platform fee in basis points, default 0: "0 commission"). */
@Injectable()
export class SettlementSettingsService {
  constructor(private readonly dataSource: DataSource) {}

  async get(em: EntityManager = this.dataSource.manager): Promise<SettlementSettingsBody> {
    const [row] = await em.query('SELECT value FROM platform_setting WHERE key = $1', [KEY]);
    const bps = Number(row?.value?.platformFeeBps ?? 0);
    return { platformFeeBps: Number.isInteger(bps) && bps >= 0 && bps <= 3000 ? bps : 0 };
  }

  async update(adminUserId: number, body: SettlementSettingsBody): Promise<SettlementSettingsBody> {
    await this.dataSource.query(
      `INSERT INTO platform_setting (key, value, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [KEY, JSON.stringify(body), adminUserId],
    );
    return this.get();
  }
}
