import { Injectable } from '@nestjs/common';
import {
  type MyShopView,
  type ShopOrderCommissionStatus,
  type SetShopProductsBody,
  type ShopOrdersView,
  type UpdateShopBody,
  encodeShopScene,
  maskNickname,
  sharePath,
} from '@shareshop/common';
import { MiniProgramClient } from '@shareshop/wechat';
import { DataSource, type EntityManager } from 'typeorm';
import { Invalid, NotFound } from '../domain/errors.js';
import { PlatformSettingsService } from '../platform/settings.service.js';
import { ShopViewService } from './shop-view.service.js';

/** A `shop` row as `SELECT *` returns it. */
interface ShopRow {
  id: number;
  kind: 'merchant' | 'distributor';
  owner_user_id: number;
  merchant_id: number | null;
  name: string;
  avatar_url: string | null;
  banner_url: string | null;
  theme: string;
  cloned_from_shop_id: number | null;
  created_at: Date;
}

/** A sale attributed to the shop (distribution_sale) with the owner's level-1 commission on it. */
interface ShopSaleRow {
  order_id: number;
  paid_amount: number;
  refunded_amount: number;
  paid_at: Date;
  buyer_nickname: string;
  commission: number;
  commission_status: ShopOrderCommissionStatus;
}

export const SHOP_PAGE = 'pages/shop/index';

/** The owner's side of a distributor shop: view, decorate, choose products, orders, 小程序码. */
@Injectable()
export class MyShopService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: PlatformSettingsService,
    private readonly shops: ShopViewService,
    private readonly miniProgram: MiniProgramClient,
  ) {}

  async mine(userId: number, em: EntityManager = this.dataSource.manager): Promise<MyShopView> {
    const [shop] = await em.query<Array<ShopRow & { referral_code: string; product_ids: Array<number | string> }>>(
      `SELECT s.*, u.referral_code,
              COALESCE((SELECT array_agg(product_id ORDER BY position, product_id) FROM shop_product WHERE shop_id = s.id), '{}') AS product_ids
       FROM shop s JOIN app_user u ON u.id = s.owner_user_id WHERE s.owner_user_id = $1 AND s.kind = 'distributor'`,
      [userId],
    );
    if (!shop) throw new NotFound('我的店铺');
    const { shopProductLimit } = await this.settings.get();
    return {
      id: shop.id,
      kind: shop.kind,
      name: shop.name,
      avatarUrl: shop.avatar_url,
      bannerUrl: shop.banner_url,
      theme: shop.theme,
      clonedFromShopId: shop.cloned_from_shop_id,
      productIds: shop.product_ids.map(Number),
      productLimit: shopProductLimit,
      referralCode: shop.referral_code,
      share: { scene: encodeShopScene({ shopId: shop.id, ref: shop.referral_code }), path: sharePath(SHOP_PAGE, { shopId: shop.id, ref: shop.referral_code }) },
      createdAt: new Date(shop.created_at).toISOString(),
    };
  }

  async update(userId: number, body: UpdateShopBody): Promise<MyShopView> {
    const columns = { name: 'name', avatarUrl: 'avatar_url', bannerUrl: 'banner_url', theme: 'theme' } as const;
    const sets: string[] = [];
    const values: unknown[] = [userId];
    for (const [field, column] of Object.entries(columns)) {
      const value = body[field as keyof UpdateShopBody];
      if (value === undefined) continue;
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    }
    const [, count] = await this.dataSource.query(`UPDATE shop SET ${sets.join(', ')} WHERE owner_user_id = $1 AND kind = 'distributor'`, values);
    if (!count) throw new NotFound('我的店铺');
    return this.mine(userId);
  }

  /** Replaces the whole ordered selection; every id must be in the product library, within the limit. */
  async setProducts(userId: number, body: SetShopProductsBody): Promise<MyShopView> {
    const { shopProductLimit } = await this.settings.get();
    if (body.productIds.length > shopProductLimit) throw new Invalid('productIds', `最多选择 ${shopProductLimit} 件商品（平台上限）`);
    await this.dataSource.transaction(async (em) => {
      const [shop] = await em.query<Array<{ id: number }>>(`SELECT id FROM shop WHERE owner_user_id = $1 AND kind = 'distributor' FOR UPDATE`, [userId]);
      if (!shop) throw new NotFound('我的店铺');
      const library = await this.shops.libraryIds(em, body.productIds);
      const missing = body.productIds.findIndex((id) => !library.has(id));
      if (missing >= 0) throw new Invalid(`productIds.${missing}`, '商品不在商品库（未上架或商家未通过审核）');
      await em.query('DELETE FROM shop_product WHERE shop_id = $1', [shop.id]);
      await em.query(
        `INSERT INTO shop_product (shop_id, product_id, position)
         SELECT $1, id, (ord - 1)::int FROM unnest($2::bigint[]) WITH ORDINALITY AS t(id, ord)`,
        [shop.id, body.productIds],
      );
    });
    return this.mine(userId);
  }

  /**
   * Orders sold through the shop (from the sales attributed to its owner), newest first, with the owner's
   * level-1 commission and where it stands. Buyers are shown masked: the owner learns that someone bought,
   * not who (the buyer never agreed to share their name with the shop).
   */
  async orders(userId: number, page: number, pageSize: number): Promise<ShopOrdersView> {
    const shop = await this.mine(userId);
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<ShopSaleRow[]>(
        `SELECT ds.order_id, ds.paid_amount, ds.refunded_amount, ds.paid_at, COALESCE(b.nickname, '') AS buyer_nickname,
                c.commission, c.commission_status
         FROM distribution_sale ds LEFT JOIN app_user b ON b.id = ds.buyer_user_id
         CROSS JOIN LATERAL (
           SELECT COALESCE(SUM(c.amount - c.reversed_amount), 0)::bigint AS commission,
                  CASE WHEN count(*) = 0 THEN 'none'
                       WHEN bool_or(c.status = 'pending') THEN 'pending'
                       WHEN bool_or(c.status = 'available') THEN 'available'
                       ELSE 'reversed' END AS commission_status
           FROM commission c WHERE c.order_id = ds.order_id AND c.level = 1 AND c.beneficiary_user_id = $1
         ) c
         WHERE ds.shop_id = $2 ORDER BY ds.paid_at DESC, ds.order_id DESC LIMIT $3 OFFSET $4`,
        [userId, shop.id, pageSize, (page - 1) * pageSize],
      ),
      this.dataSource.query<Array<{ total: number }>>('SELECT count(*)::int AS total FROM distribution_sale WHERE shop_id = $1', [shop.id]),
    ]);
    const details = await this.orderDetails(rows.map((r) => r.order_id));
    return {
      items: rows.map((r) => {
        const d = details.get(r.order_id);
        return {
          orderId: r.order_id,
          orderNo: d?.orderNo ?? null,
          status: d?.status ?? null,
          buyerNickname: maskNickname(r.buyer_nickname),
          title: d?.title ?? '',
          quantity: d?.quantity ?? 0,
          paidAmount: r.paid_amount,
          refundedAmount: r.refunded_amount,
          commission: Number(r.commission),
          commissionStatus: r.commission_status,
          paidAt: new Date(r.paid_at).toISOString(),
        };
      }),
      total,
      page,
      pageSize,
    };
  }

  /** PNG 小程序码 whose scene carries shop + referral code (≤ 32 characters by construction). */
  async code(userId: number): Promise<Buffer> {
    const shop = await this.mine(userId);
    return this.miniProgram.getUnlimitedQrCode({ scene: shop.share.scene, page: SHOP_PAGE, checkPath: false, width: 430 });
  }

  /** Order number, status, first line's title and piece count from the commerce module's order tables. */
  private async orderDetails(orderIds: number[]): Promise<Map<number, { orderNo: string | null; status: string | null; title: string; quantity: number }>> {
    if (!orderIds.length) return new Map();
    const rows = await this.dataSource.query<Array<{ id: number; out_trade_no: string; status: string; title: string | null; quantity: number }>>(
      `SELECT o.id, o.out_trade_no, o.status, i.title, i.quantity
       FROM "order" o
       CROSS JOIN LATERAL (SELECT (array_agg(title ORDER BY id))[1] AS title, COALESCE(SUM(quantity), 0)::int AS quantity FROM order_item WHERE order_id = o.id) i
       WHERE o.id = ANY($1)`,
      [orderIds],
    );
    return new Map(rows.map((r) => [r.id, { orderNo: r.out_trade_no, status: r.status, title: r.title ?? '', quantity: r.quantity }]));
  }
}
