import { Injectable } from '@nestjs/common';
import type { CloneShopResult } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { NotFound } from '../domain/errors.js';
import { PlatformSettingsService } from '../platform/settings.service.js';
import { ReferralBindingService } from '../referral/referral-binding.service.js';
import { MyShopService } from './my-shop.service.js';
import { LIBRARY_JOIN } from './shop-view.service.js';

/**
 * 一键开店: the caller becomes a distributor with a shop copied from the one they are looking at.
 *
 * One database transaction does everything (shop row, product selection, is_distributor, binding and its
 * log); nothing outside the database is touched (the 小程序码 is made later, on demand), so there is no
 * compensation to run: a failure rolls back whole and the client simply retries. The partial unique index
 * `shop_one_per_distributor` makes it idempotent, also under concurrent taps: the loser's INSERT waits
 * for the winner, then does nothing, and both callers get the same shop. It is free: no payment, no fee.
 */
@Injectable()
export class ShopCloneService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: PlatformSettingsService,
    private readonly binding: ReferralBindingService,
    private readonly myShop: MyShopService,
  ) {}

  async clone(userId: number, fromShopId: number): Promise<CloneShopResult> {
    const { shopProductLimit } = await this.settings.get();
    return this.dataSource.transaction(async (em) => {
      const [source] = await em.query<Array<{ id: number; banner_url: string | null; theme: string }>>('SELECT id, banner_url, theme FROM shop WHERE id = $1', [
        fromShopId,
      ]);
      if (!source) throw new NotFound('店铺');
      const [user] = await em.query<Array<{ nickname: string; avatar_url: string | null; upline1_id: number | null }>>(
        'SELECT nickname, avatar_url, upline1_id FROM app_user WHERE id = $1',
        [userId],
      );
      const [created] = await em.query<Array<{ id: number }>>(
        `INSERT INTO shop (kind, owner_user_id, name, avatar_url, banner_url, theme, cloned_from_shop_id)
         VALUES ('distributor', $1, $2, $3, $4, $5, $6)
         ON CONFLICT (owner_user_id) WHERE kind = 'distributor' DO NOTHING RETURNING id`,
        [userId, `${user.nickname}的小店`.slice(0, 30), user.avatar_url, source.banner_url, source.theme, source.id],
      );
      if (!created) {
        const shop = await this.myShop.mine(userId, em);
        return { ...shop, created: false, binding: { outcome: 'unchanged', reason: 'shop_exists', uplineUserId: user.upline1_id } };
      }
      // Only what is still sellable is copied, in the source's order, within the platform's limit.
      await em.query(
        `INSERT INTO shop_product (shop_id, product_id, position)
         SELECT $1, sp.product_id, (row_number() OVER (ORDER BY sp.position, sp.product_id) - 1)::int
         FROM shop_product sp ${LIBRARY_JOIN} WHERE sp.shop_id = $2
         ORDER BY sp.position, sp.product_id LIMIT $3`,
        [created.id, source.id, shopProductLimit],
      );
      await this.binding.makeDistributor(em, userId);
      const binding = await this.binding.bind(em, userId, { shopId: source.id, via: 'clone' });
      return { ...(await this.myShop.mine(userId, em)), created: true, binding };
    });
  }
}
