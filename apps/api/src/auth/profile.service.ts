import { Inject, Injectable } from '@nestjs/common';
import type { Me } from '@shareshop/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { NotFound } from '../domain/errors.js';

/** Reads the signed-in user's own profile: identity, distributor shop, upline, merchant memberships. */
@Injectable()
export class ProfileService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async me(em: EntityManager, userId: number): Promise<Me> {
    const [u] = await em.query<
      Array<{
        id: number;
        openid: string;
        nickname: string;
        avatar_url: string | null;
        referral_code: string;
        is_distributor: boolean;
        upline1_id: number | null;
        shop_id: number | null;
      }>
    >(
      `SELECT u.id, u.openid, u.nickname, u.avatar_url, u.referral_code, u.is_distributor, u.upline1_id,
              (SELECT s.id FROM shop s WHERE s.owner_user_id = u.id AND s.kind = 'distributor') AS shop_id
       FROM app_user u WHERE u.id = $1`,
      [userId],
    );
    if (!u) throw new NotFound('用户');
    const merchants = await em.query<Me['merchants']>(
      `SELECT m.id, m.name, mm.role, m.status FROM merchant_member mm JOIN merchant m ON m.id = mm.merchant_id
       WHERE mm.user_id = $1 ORDER BY m.id`,
      [userId],
    );
    return {
      id: u.id,
      nickname: u.nickname,
      avatarUrl: u.avatar_url,
      referralCode: u.referral_code,
      isDistributor: u.is_distributor,
      isAdmin: this.config.auth.PLATFORM_ADMIN_OPENIDS.includes(u.openid),
      shopId: u.shop_id,
      uplineUserId: u.upline1_id,
      merchants,
    };
  }
}
