import { Injectable } from '@nestjs/common';
import type { ShopProductCard, ShopView } from '@shareshop/common';
import { DataSource, type EntityManager } from 'typeorm';
import { NotFound } from '../domain/errors.js';
import { availableStockSql } from '../catalog/hot-stock.service.js';

/**
 * The product library: on-sale products of approved merchants that have at least one active SKU.
 * Shops only ever show (and may only select) products from it.
 */
export const LIBRARY_JOIN = `
  JOIN product p ON p.id = sp.product_id AND p.status = 'on_sale'
  JOIN merchant m ON m.id = p.merchant_id AND m.status = 'approved'`;

/** Public shop pages: the face (owner, decoration) and a page of on-sale products with price and stock. */
@Injectable()
export class ShopViewService {
  constructor(private readonly dataSource: DataSource) {}

  async view(shopId: number, page: number, pageSize: number): Promise<ShopView> {
    const [shop] = await this.dataSource.query<
      Array<{
        id: number;
        kind: ShopView['kind'];
        name: string;
        avatar_url: string | null;
        banner_url: string | null;
        theme: string;
        owner_id: number;
        nickname: string;
        owner_avatar: string | null;
        referral_code: string;
      }>
    >(
      `SELECT s.id, s.kind, s.name, s.avatar_url, s.banner_url, s.theme, u.id AS owner_id, u.nickname, u.avatar_url AS owner_avatar, u.referral_code
       FROM shop s JOIN app_user u ON u.id = s.owner_user_id WHERE s.id = $1`,
      [shopId],
    );
    if (!shop) throw new NotFound('店铺');
    const products = await this.products(shopId, page, pageSize);
    return {
      id: shop.id,
      kind: shop.kind,
      name: shop.name,
      avatarUrl: shop.avatar_url,
      bannerUrl: shop.banner_url,
      theme: shop.theme,
      owner: { userId: shop.owner_id, nickname: shop.nickname, avatarUrl: shop.owner_avatar, referralCode: shop.referral_code },
      products,
    };
  }

  /** A page of the shop's sellable products, in the owner's order. */
  async products(shopId: number, page: number, pageSize: number): Promise<ShopView['products']> {
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query<ProductCardRow[]>(
        `SELECT p.id, p.merchant_id, p.title, p.subtitle, p.images->>0 AS image, k.min_price, k.list_price, k.stock
         FROM shop_product sp ${LIBRARY_JOIN}
         JOIN LATERAL (SELECT min(price) AS min_price, min(list_price) AS list_price, COALESCE(sum(${availableStockSql('sku')}), 0)::int AS stock
                       FROM sku WHERE sku.product_id = p.id AND sku.active) k ON k.min_price IS NOT NULL
         WHERE sp.shop_id = $1 ORDER BY sp.position, p.id LIMIT $2 OFFSET $3`,
        [shopId, pageSize, (page - 1) * pageSize],
      ),
      this.dataSource.query<Array<{ total: number }>>(
        `SELECT count(*)::int AS total FROM shop_product sp ${LIBRARY_JOIN}
         WHERE sp.shop_id = $1 AND EXISTS (SELECT 1 FROM sku WHERE sku.product_id = p.id AND sku.active)`,
        [shopId],
      ),
    ]);
    return { items: items.map(toCard), total, page, pageSize };
  }

  /** The platform's featured shop: the seeded demo merchant's shop, else the oldest merchant shop. */
  async defaultShopId(): Promise<number> {
    const [seeded] = await this.dataSource.query<Array<{ id: number }>>(
      `SELECT s.id FROM platform_setting ps JOIN shop s ON s.id = (ps.value->>'shopId')::bigint WHERE ps.key = 'demo.seeded'`,
    );
    if (seeded) return seeded.id;
    const [oldest] = await this.dataSource.query<Array<{ id: number }>>(
      `SELECT s.id FROM shop s JOIN merchant m ON m.id = s.merchant_id WHERE s.kind = 'merchant' AND m.status = 'approved' ORDER BY s.id LIMIT 1`,
    );
    if (!oldest) throw new NotFound('默认店铺');
    return oldest.id;
  }

  /** Which of `productIds` are in the library; used to validate a selection. */
  async libraryIds(em: EntityManager, productIds: number[]): Promise<Set<number>> {
    if (!productIds.length) return new Set();
    const rows = await em.query<Array<{ id: number }>>(
      `SELECT p.id FROM product p JOIN merchant m ON m.id = p.merchant_id AND m.status = 'approved'
       WHERE p.id = ANY($1) AND p.status = 'on_sale'`,
      [productIds],
    );
    return new Set(rows.map((r) => r.id));
  }
}

/** A product card row: `min_price`/`list_price` are min() over bigint columns, so they arrive as numbers too. */
interface ProductCardRow {
  id: number;
  merchant_id: number;
  title: string;
  subtitle: string;
  image: string | null;
  min_price: number;
  list_price: number | null;
  stock: number;
}

function toCard(r: ProductCardRow): ShopProductCard {
  return {
    id: r.id,
    merchantId: r.merchant_id,
    title: r.title,
    subtitle: r.subtitle,
    image: r.image,
    minPrice: Number(r.min_price),
    listPrice: r.list_price === null ? null : Number(r.list_price),
    stock: r.stock,
  };
}
