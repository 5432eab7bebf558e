import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

export interface Membership {
  merchantId: number;
  role: 'owner' | 'staff';
  status: 'pending' | 'approved' | 'rejected' | 'suspended';
}

/** Who may do what: platform admins (configured openids) and merchant members (owner/staff rows). */
@Injectable()
export class AccessService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async isPlatformAdmin(userId: number): Promise<boolean> {
    const admins = this.config.auth.PLATFORM_ADMIN_OPENIDS;
    if (admins.length === 0) return false;
    const [row] = await this.dataSource.query<Array<{ openid: string }>>('SELECT openid FROM app_user WHERE id = $1', [userId]);
    return !!row && admins.includes(row.openid);
  }

  async memberships(userId: number): Promise<Membership[]> {
    return this.dataSource.query(
      `SELECT m.merchant_id AS "merchantId", m.role, mc.status
       FROM merchant_member m JOIN merchant mc ON mc.id = m.merchant_id WHERE m.user_id = $1 ORDER BY m.merchant_id`,
      [userId],
    );
  }
}
