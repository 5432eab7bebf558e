import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Keeps each approved merchant's own shop (shop.kind = 'merchant', one per merchant) listing its on-sale
 * products. Shops owns `shop` and `shop_product` for both kinds: merchants (at approval) and catalog (a product
 * going on sale) call this instead of writing them.
 */
@Injectable()
export class MerchantShopService {
  /** Creates the merchant shop if missing (unique index makes it once) and lists every on-sale product. */
  async ensureShop(em: EntityManager, merchantId: number): Promise<number> {
    await em.query(
      `INSERT INTO shop (kind, owner_user_id, merchant_id, name, avatar_url)
       SELECT 'merchant', owner_user_id, id, name, logo_url FROM merchant WHERE id = $1
       ON CONFLICT (merchant_id) WHERE kind = 'merchant' DO NOTHING`,
      [merchantId],
    );
    const [shop] = await em.query<Array<{ id: number }>>(`SELECT id FROM shop WHERE kind = 'merchant' AND merchant_id = $1`, [merchantId]);
    await em.query(
      `INSERT INTO shop_product (shop_id, product_id, position)
       SELECT $1, id, 0 FROM product WHERE merchant_id = $2 AND status = 'on_sale'
       ON CONFLICT DO NOTHING`,
      [shop.id, merchantId],
    );
    return shop.id;
  }

  /** A product just went on sale: list it in its merchant's shop (no-op before approval: no shop yet). */
  async listProduct(em: EntityManager, merchantId: number, productId: number): Promise<void> {
    await em.query(
      `INSERT INTO shop_product (shop_id, product_id, position)
       SELECT s.id, $2, 0 FROM shop s WHERE s.kind = 'merchant' AND s.merchant_id = $1
       ON CONFLICT DO NOTHING`,
      [merchantId, productId],
    );
  }
}
