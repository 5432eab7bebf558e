import { Inject, Injectable } from '@nestjs/common';
import { CreateOrderBody, type CreateOrderResponse, type FreightRule, type OrderQuote, QuoteOrderBody } from '@shareshop/common';
import { DataSource, type EntityManager } from 'typeorm';
import { HotStockService, availableStockSql } from '../catalog/hot-stock.service.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { preparedQuery } from '../database/prepared.js';
import { Invalid, OutOfStock } from '../domain/errors.js';
import { assertSameRequest, requestHash } from '../http/idempotency.js';
import { PlatformSettingsService } from '../platform/settings.service.js';
import { OrderAttribution } from '../referral/order-attribution.js';
import { HOLDING_ORDER_STATUSES, checkOrderLimits, checkOrderLimitsUnderLock } from './order-limits.js';
import { loadOrderViews, orderView } from './order.view.js';
import { outOfStock } from './out-of-stock.js';
import { PlaceOrderCallService } from './place-order-call.service.js';
import { SoldOutCache } from './sold-out-cache.js';
import type { OrderItemRow, OrderRow } from './order.rows.js';
import { WECHAT_MAX_TOTAL_FEN, priceMerchantOrders } from './order-pricing.js';

export { WECHAT_MAX_TOTAL_FEN };

interface Line {
  index: number;
  skuId: number;
  quantity: number;
  productId: number;
  merchantId: number;
  merchantName: string;
  available: number;
  price: number;
  title: string;
  specValues: string[];
  image: string | null;
  purchaseLimit: number | null;
  bought: number;
  freight: FreightRule;
}

/**
 * The shop and the order lines in one query, with the orders an earlier request with this idempotency key
 * placed. Two texts of one statement, for one SKU (`s.id = $1`) and for several (`= ANY($1)`): prepared,
 * the one-SKU text gets PostgreSQL's generic plan (its estimates equal the custom plans'), which is reused
 * without planning: 0.14 ms per call against 0.57 ms for the array text, whose generic plan assumes ten
 * elements and is therefore never chosen (measured with pg_prepared_statements.generic_plans).
 */
const linesSql = (skuFilter: string) =>
  `SELECT (SELECT array_agg(id ORDER BY id) FROM "order" WHERE buyer_user_id = $3 AND idempotency_key = $4) AS replay_of,
     (SELECT min(request_hash) FROM "order" WHERE buyer_user_id = $3 AND idempotency_key = $4) AS replay_hash,
     (SELECT count(*)::int FROM "order" WHERE buyer_user_id = $3 AND status = 'created') AS unpaid_orders,
     sh.id AS shop_id, sh.kind AS shop_kind, sh.owner_user_id AS shop_owner_user_id, sh.merchant_id AS shop_merchant_id, l.*
   FROM (SELECT 1) one LEFT JOIN shop sh ON sh.id = $2 LEFT JOIN LATERAL (
     SELECT s.id, s.product_id, s.merchant_id, s.price, s.spec_values, s.active, ${availableStockSql('s')} AS available,
            p.title, p.images->>0 AS image, p.status, m.status AS merchant_status, m.name AS merchant_name, m.freight_fee, m.free_shipping_above, sp.product_id IS NOT NULL AS in_shop,
            -- 限购: what this buyer already holds of the product (refunded units given back), read only for products with a limit
            p.purchase_limit, CASE WHEN p.purchase_limit IS NULL THEN 0 ELSE (
              SELECT COALESCE(sum(oi.quantity - oi.refunded_quantity), 0)::int FROM "order" o JOIN order_item oi ON oi.order_id = o.id
              WHERE o.buyer_user_id = $3 AND oi.product_id = p.id AND o.status IN ${HOLDING_ORDER_STATUSES}) END AS bought
     FROM sku s JOIN product p ON p.id = s.product_id JOIN merchant m ON m.id = s.merchant_id
     LEFT JOIN shop_product sp ON sp.shop_id = sh.id AND sp.product_id = p.id
     WHERE ${skuFilter}) l ON true`;
const LINES_SQL = { one: linesSql('s.id = $1'), many: linesSql('s.id = ANY($1)') };

/** A row of LINES_SQL: the replay and shop columns repeat on every row; the line columns are null when no SKU matched. */
interface LinesSqlRow {
  replay_of: Array<number | string> | null;
  replay_hash: string | null;
  unpaid_orders: number;
  shop_id: number | null;
  shop_kind: 'merchant' | 'distributor';
  shop_owner_user_id: number;
  shop_merchant_id: number | null;
  id: number | null;
  product_id: number;
  merchant_id: number;
  price: number;
  spec_values: string[];
  active: boolean;
  available: number;
  title: string;
  image: string | null;
  status: string;
  merchant_status: string;
  merchant_name: string;
  freight_fee: number;
  free_shipping_above: number | null;
  in_shop: boolean;
  purchase_limit: number | null;
  bought: number;
}
type LineSkuRow = LinesSqlRow & { id: number };
interface OrderShop {
  id: number;
  kind: 'merchant' | 'distributor';
  owner_user_id: number;
  merchant_id: number | null;
}

/**
 * POST /orders. Prices come from the database, never the client. Lines are split into one order per
 * merchant (each pays, ships and refunds on its own). Stock is reserved by conditional UPDATEs inside
 * the same transaction, so under any concurrency no SKU is sold beyond its stock; if one line cannot be
 * reserved the whole request rolls back. Replaying an idempotency key with the same body returns the orders
 * it created; the same key with another body is a 422 IDEMPOTENCY_KEY_REUSED (http/idempotency.ts).
 */
@Injectable()
export class PlaceOrderService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly attribution: OrderAttribution,
    private readonly hotStock: HotStockService,
    private readonly settings: PlatformSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly oneCall: PlaceOrderCallService,
    private readonly soldOut: SoldOutCache,
  ) {}

  async place(buyerUserId: number, input: CreateOrderBody): Promise<CreateOrderResponse> {
    const body = CreateOrderBody.parse(input);
    const hash = requestHash(body);
    const startedAt = Date.now(); // before any snapshot of this request: see SoldOutCache
    try {
      // a replayed key is found by the first query of the transaction; a new order's view is built from
      // the rows the transaction wrote (a new order has no refunds): no re-read
      // the common case in one round trip (place-order-call.service.ts); this path for the rest and every refusal
      return { orders: (await this.oneCall.tryPlace(buyerUserId, body, hash)) ?? (await this.createRetrying(buyerUserId, body, hash)) };
    } catch (error) {
      // a one-unit line refused here had nothing available: remembered as the one-call path does, so the
      // requests behind it in a flash sale's tail answer from memory instead of queueing for the hot row
      const [line] = body.items;
      if (error instanceof OutOfStock && body.items.length === 1 && line!.quantity === 1) this.soldOut.remember(body.shopId, line!.skuId, startedAt);
      // the same key raced us and committed first: answer with its orders (if it was the same request)
      if (isUniqueViolation(error, 'idempotency')) {
        const raced = await this.byKey(buyerUserId, body.idempotencyKey);
        if (raced.ids.length) {
          assertSameRequest(raced.hash, hash);
          return { orders: await loadOrderViews(this.dataSource.manager, raced.ids) };
        }
      }
      throw error;
    }
  }

  /**
   * POST /orders/quote: the lines read and checked exactly as placement reads them (server prices, on sale,
   * in this shop, limits, stock in a committed snapshot) and priced by the same code; nothing is written.
   */
  async quote(buyerUserId: number, input: QuoteOrderBody): Promise<OrderQuote> {
    const body = QuoteOrderBody.parse(input);
    // '' is never a stored idempotency key (8-64 characters), so the replay lookup finds nothing
    const found = await this.lines(this.dataSource.manager, buyerUserId, { ...body, idempotencyKey: '' });
    if ('replayOf' in found) throw new Error('a quote cannot replay an order');
    const orders = priceMerchantOrders(found.lines).map((o) => ({
      merchantId: o.merchantId,
      merchantName: o.merchantName,
      itemsTotal: o.itemsTotal,
      shippingFee: o.shippingFee,
      freeShippingAbove: o.freeShippingAbove,
      payable: o.paidTotal,
    }));
    const sum = (pick: (o: (typeof orders)[number]) => number) => orders.reduce((total, o) => total + pick(o), 0);
    return { orders, itemsTotal: sum((o) => o.itemsTotal), shippingFee: sum((o) => o.shippingFee), payable: sum((o) => o.payable) };
  }

  /**
   * A deadlock victim (possible when a hot SKU's fallbacks wait on several rows) or serialization failure
   * is rolled back whole, so the order is simply placed again (twice at most).
   */
  private async createRetrying(buyerUserId: number, body: ReturnType<typeof CreateOrderBody.parse>, hash: string): Promise<CreateOrderResponse['orders']> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((em) => this.create(em, buyerUserId, body, hash));
      } catch (error) {
        const code = (error as { driverError?: { code?: string }; code?: string })?.driverError?.code ?? (error as { code?: string })?.code;
        if (attempt >= 3 || (code !== '40P01' && code !== '40001')) throw error;
      }
    }
  }

  private async byKey(buyerUserId: number, key: string): Promise<{ ids: number[]; hash: string | null }> {
    const rows = await this.dataSource.query<Array<{ id: number; request_hash: string | null }>>(
      'SELECT id, request_hash FROM "order" WHERE buyer_user_id = $1 AND idempotency_key = $2 ORDER BY id',
      [buyerUserId, key],
    );
    return { ids: rows.map((r: { id: number }) => r.id), hash: rows[0]?.request_hash ?? null };
  }

  private async create(
    em: EntityManager,
    buyerUserId: number,
    body: ReturnType<typeof CreateOrderBody.parse>,
    hash: string,
  ): Promise<CreateOrderResponse['orders']> {
    const found = await this.lines(em, buyerUserId, body);
    if ('replayOf' in found) {
      assertSameRequest(found.replayHash, hash);
      return loadOrderViews(em, found.replayOf); // this key placed these orders already
    }
    const { shop, lines } = found;
    const distributorUserId = await this.attribution.attribute({
      em,
      buyerUserId,
      shop: { id: shop.id, kind: shop.kind, ownerUserId: shop.owner_user_id, merchantId: shop.merchant_id },
      ...(body.ref ? { ref: body.ref } : {}),
    });

    // one order per merchant, priced (items, freight, 32-bit WeChat check) before anything is written
    const merchantOrders = priceMerchantOrders(lines);
    const views: CreateOrderResponse['orders'] = [];
    for (const { merchantId, lines: merchantLines, itemsTotal, discountTotal, shippingFee, paidTotal } of merchantOrders) {
      // the order and its lines in one statement; the lines come back as JSON (they hold no timestamps)
      const [order] = await preparedQuery<OrderRow & { items: OrderItemRow[] }>(
        em,
        'order_insert',
        `WITH o AS (
           INSERT INTO "order" (out_trade_no, buyer_user_id, merchant_id, shop_id, distributor_user_id, idempotency_key,
             items_total, discount_total, shipping_fee, paid_total, address, remark, expires_at, request_hash)
           VALUES (business_no(''), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now() + make_interval(mins => $12), $21) RETURNING *),
         i AS (
           INSERT INTO order_item (order_id, product_id, sku_id, title, spec_values, image, unit_price, quantity, items_amount, discount_amount, paid_amount)
           SELECT o.id, v.product_id, v.sku_id, v.title, v.spec_values, v.image, v.unit_price, v.quantity, v.amount, 0, v.amount
           FROM o CROSS JOIN unnest($13::bigint[], $14::bigint[], $15::text[], $16::jsonb[], $17::text[], $18::bigint[], $19::int[], $20::bigint[])
             AS v(product_id, sku_id, title, spec_values, image, unit_price, quantity, amount)
           RETURNING *)
         SELECT o.*, (SELECT jsonb_agg(i ORDER BY i.id) FROM i) AS items FROM o`,
        [
          buyerUserId,
          merchantId,
          shop.id,
          distributorUserId,
          body.idempotencyKey,
          itemsTotal,
          discountTotal,
          shippingFee,
          paidTotal,
          JSON.stringify(body.address),
          body.remark,
          this.config.orders.ORDER_AUTO_CLOSE_MINUTES,
          merchantLines.map((l) => l.productId),
          merchantLines.map((l) => l.skuId),
          merchantLines.map((l) => l.title),
          merchantLines.map((l) => JSON.stringify(l.specValues)),
          merchantLines.map((l) => l.image),
          merchantLines.map((l) => l.price),
          merchantLines.map((l) => l.quantity),
          merchantLines.map((l) => l.price * l.quantity),
          hash,
        ],
      );
      const { items, ...orderRow } = order;
      views.push(orderView({ ...orderRow, merchant_name: merchantLines[0]!.merchantName }, items, []));
    }
    // No hoarding: counted under the buyer's lock with what they committed meanwhile, before the stock is
    // reserved so a hot SKU's row lock is held no longer than before (order-limits.ts)
    await checkOrderLimitsUnderLock(em, buyerUserId, lines, merchantOrders.length, (await this.settings.get()).maxUnpaidOrdersPerUser);
    // Reserve last (short hot-row locks) and in SKU order (two multi-line orders cannot deadlock). A hot
    // SKU reserves from one of its stock slots (HotStockService, docs/hot-stock.md).
    for (const l of [...lines].sort((a, b) => a.skuId - b.skuId)) {
      if (!(await this.hotStock.reserve(em, l.skuId, l.quantity))) throw outOfStock(l);
    }
    return views;
  }

  /**
   * The shop and the order lines in one query, with the orders an earlier request with this idempotency key
   * placed (a replay answers with those, even if the goods sold out since); 400 naming the field for
   * anything not sellable here.
   */
  private async lines(
    em: EntityManager,
    buyerUserId: number,
    body: { shopId: number; idempotencyKey: string; items: Array<{ skuId: number; quantity: number }> },
  ): Promise<{ shop: OrderShop; lines: Line[] } | { replayOf: number[]; replayHash: string | null }> {
    const { shopId, items } = body;
    const seen = new Set<number>();
    items.forEach((item, i) => {
      if (seen.has(item.skuId)) throw new Invalid(`items.${i}.skuId`, '重复的 SKU，请合并数量');
      seen.add(item.skuId);
    });
    // one-line orders (buy now, the flash-sale case) have their own statement: see LINES_SQL
    const one = items.length === 1;
    const rows = await preparedQuery<LinesSqlRow>(em, one ? 'order_lines_one' : 'order_lines', one ? LINES_SQL.one : LINES_SQL.many, [
      one ? items[0]!.skuId : items.map((i) => i.skuId),
      shopId,
      buyerUserId,
      body.idempotencyKey,
    ]);
    if (rows[0].replay_of) return { replayOf: rows[0].replay_of.map(Number), replayHash: rows[0].replay_hash };
    if (rows[0].shop_id === null) throw new Invalid('shopId', '店铺不存在');
    const shop: OrderShop = { id: rows[0].shop_id, kind: rows[0].shop_kind, owner_user_id: rows[0].shop_owner_user_id, merchant_id: rows[0].shop_merchant_id };
    const byId = new Map<number, LineSkuRow>(rows.filter((r): r is LineSkuRow => r.id !== null).map((r) => [r.id, r]));
    const lines = items.map((item, index): Line => {
      const r = byId.get(item.skuId);
      const field = `items.${index}.skuId`;
      if (!r) throw new Invalid(field, 'SKU 不存在');
      if (!r.active || r.status !== 'on_sale' || r.merchant_status !== 'approved') throw new Invalid(field, '商品已下架');
      if (!r.in_shop) throw new Invalid(field, '该商品不在此店铺中');
      return {
        index,
        skuId: r.id,
        quantity: item.quantity,
        productId: r.product_id,
        merchantId: r.merchant_id,
        merchantName: r.merchant_name,
        available: r.available,
        price: r.price,
        title: r.title,
        specValues: r.spec_values,
        image: r.image,
        purchaseLimit: r.purchase_limit,
        bought: r.bought,
        freight: { freightFee: Number(r.freight_fee), freeShippingAbove: r.free_shipping_above === null ? null : Number(r.free_shipping_above) },
      };
    });
    checkOrderLimits(rows[0].unpaid_orders, (await this.settings.get()).maxUnpaidOrdersPerUser, lines);
    // Sold out in a committed snapshot: certain (in-flight reservations only lower it), so answer before
    // writing anything. The reservation below stays the authority when this passes.
    const short = lines.find((l) => l.available < l.quantity);
    if (short) throw outOfStock(short);
    return { shop, lines };
  }
}

export function isUniqueViolation(error: unknown, constraintPart?: string): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.driverError?.code ?? e?.code;
  const constraint = e?.driverError?.constraint ?? e?.constraint ?? '';
  return code === '23505' && (!constraintPart || constraint.includes(constraintPart));
}
