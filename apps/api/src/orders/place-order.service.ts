import { Inject, Injectable } from '@nestjs/common';
import { CreateOrderBody, type CreateOrderResponse } from '@shareshop/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { badRequest, conflict } from '../http/errors.js';
import { OrderHooks } from './order-hooks.js';
import { newOutTradeNo } from './order-number.js';
import { loadOrderViews } from './order.view.js';

interface Line {
  index: number;
  skuId: number;
  quantity: number;
  productId: number;
  merchantId: number;
  price: number;
  title: string;
  specValues: string[];
  image: string | null;
}

/**
 * POST /orders. Prices come from the database, never the client. Lines are split into one order per
 * merchant (each pays, ships and refunds on its own). Stock is reserved by conditional UPDATEs inside
 * the same transaction, so under any concurrency no SKU is sold beyond its stock; if one line cannot be
 * reserved the whole request rolls back. Replaying an idempotency key returns the orders it created.
 */
@Injectable()
export class PlaceOrderService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hooks: OrderHooks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async place(buyerUserId: number, input: CreateOrderBody): Promise<CreateOrderResponse> {
    const body = CreateOrderBody.parse(input);
    const existing = await this.byKey(buyerUserId, body.idempotencyKey);
    if (existing.length) return { orders: await loadOrderViews(this.dataSource.manager, existing) };
    let ids: number[];
    try {
      ids = await this.dataSource.transaction((em) => this.create(em, buyerUserId, body));
    } catch (error) {
      // the same key raced us and committed first: answer with its orders
      if (isUniqueViolation(error, 'idempotency')) {
        const raced = await this.byKey(buyerUserId, body.idempotencyKey);
        if (raced.length) return { orders: await loadOrderViews(this.dataSource.manager, raced) };
      }
      throw error;
    }
    return { orders: await loadOrderViews(this.dataSource.manager, ids) };
  }

  private async byKey(buyerUserId: number, key: string): Promise<number[]> {
    const rows = await this.dataSource.query('SELECT id FROM "order" WHERE buyer_user_id = $1 AND idempotency_key = $2 ORDER BY id', [buyerUserId, key]);
    return rows.map((r: { id: number }) => r.id);
  }

  private async create(em: EntityManager, buyerUserId: number, body: ReturnType<typeof CreateOrderBody.parse>): Promise<number[]> {
    const [shop] = await em.query('SELECT id, kind, owner_user_id, merchant_id FROM shop WHERE id = $1', [body.shopId]);
    if (!shop) throw badRequest('shopId', '店铺不存在');
    const lines = await this.lines(em, shop.id, body.items);
    const distributorUserId = await this.hooks.attribute({
      em,
      buyerUserId,
      shop: { id: shop.id, kind: shop.kind, ownerUserId: shop.owner_user_id, merchantId: shop.merchant_id },
      ...(body.ref ? { ref: body.ref } : {}),
    });

    const byMerchant = new Map<number, Line[]>();
    for (const line of lines) byMerchant.set(line.merchantId, [...(byMerchant.get(line.merchantId) ?? []), line]);
    const ids: number[] = [];
    for (const [merchantId, merchantLines] of byMerchant) {
      const itemsTotal = merchantLines.reduce((sum, l) => sum + l.price * l.quantity, 0);
      const discountTotal = 0; // no promotions yet: the columns exist so commission bases are right when they come
      const shippingFee = 0;
      const [order] = await em.query(
        `INSERT INTO "order" (out_trade_no, buyer_user_id, merchant_id, shop_id, distributor_user_id, idempotency_key,
           items_total, discount_total, shipping_fee, paid_total, address, remark, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now() + make_interval(mins => $13)) RETURNING id`,
        [newOutTradeNo(), buyerUserId, merchantId, shop.id, distributorUserId, body.idempotencyKey, itemsTotal, discountTotal, shippingFee,
          itemsTotal - discountTotal + shippingFee, JSON.stringify(body.address), body.remark, this.config.orders.ORDER_AUTO_CLOSE_MINUTES],
      );
      for (const l of merchantLines) {
        const amount = l.price * l.quantity;
        await em.query(
          `INSERT INTO order_item (order_id, product_id, sku_id, title, spec_values, image, unit_price, quantity, items_amount, discount_amount, paid_amount)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $9)`,
          [order.id, l.productId, l.skuId, l.title, JSON.stringify(l.specValues), l.image, l.price, l.quantity, amount],
        );
      }
      ids.push(order.id);
    }
    // Reserve last (short hot-row locks) and in SKU order (two multi-line orders cannot deadlock).
    for (const l of [...lines].sort((a, b) => a.skuId - b.skuId)) {
      const [rows] = await em.query('UPDATE sku SET stock = stock - $2 WHERE id = $1 AND stock >= $2 RETURNING stock', [l.skuId, l.quantity]);
      if (!rows.length) throw conflict('OUT_OF_STOCK', `items.${l.index}.skuId: 库存不足`, { field: `items.${l.index}.skuId`, skuId: l.skuId });
    }
    return ids;
  }

  private async lines(em: EntityManager, shopId: number, items: Array<{ skuId: number; quantity: number }>): Promise<Line[]> {
    const seen = new Set<number>();
    items.forEach((item, i) => {
      if (seen.has(item.skuId)) throw badRequest(`items.${i}.skuId`, '重复的 SKU，请合并数量');
      seen.add(item.skuId);
    });
    const rows = await em.query(
      `SELECT s.id, s.product_id, s.merchant_id, s.price, s.spec_values, s.active, p.title, p.images->>0 AS image, p.status,
              m.status AS merchant_status, sp.product_id IS NOT NULL AS in_shop
       FROM sku s JOIN product p ON p.id = s.product_id JOIN merchant m ON m.id = s.merchant_id
       LEFT JOIN shop_product sp ON sp.shop_id = $2 AND sp.product_id = p.id
       WHERE s.id = ANY($1)`,
      [items.map((i) => i.skuId), shopId],
    );
    const byId = new Map<number, any>(rows.map((r: any) => [r.id, r]));
    return items.map((item, index) => {
      const r = byId.get(item.skuId);
      const field = `items.${index}.skuId`;
      if (!r) throw badRequest(field, 'SKU 不存在');
      if (!r.active || r.status !== 'on_sale' || r.merchant_status !== 'approved') throw badRequest(field, '商品已下架');
      if (!r.in_shop) throw badRequest(field, '该商品不在此店铺中');
      return { index, skuId: r.id, quantity: item.quantity, productId: r.product_id, merchantId: r.merchant_id, price: r.price, title: r.title, specValues: r.spec_values, image: r.image };
    });
  }
}

export function isUniqueViolation(error: unknown, constraintPart?: string): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.driverError?.code ?? e?.code;
  const constraint = e?.driverError?.constraint ?? e?.constraint ?? '';
  return code === '23505' && (!constraintPart || constraint.includes(constraintPart));
}
