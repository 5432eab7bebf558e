import { Inject, Injectable } from '@nestjs/common';
import type { CreateOrderBody, CreateOrderResponse } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { HotStockService } from '../catalog/hot-stock.service.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { preparedQuery } from '../database/prepared.js';
import { assertSameRequest } from '../http/idempotency.js';
import { PlatformSettingsService } from '../platform/settings.service.js';
import { ORDER_BUYER_LOCK_SPACE } from './order-limits.js';
import type { OrderItemRow, OrderRow } from './order.rows.js';
import { loadOrderViews, orderView } from './order.view.js';
import { outOfStock } from './out-of-stock.js';
import { SoldOutCache } from './sold-out-cache.js';

/** `place_order` (migration 1763802200000) with the placed order's columns spread: one prepared statement. */
const PLACE_ORDER_SQL =
  'SELECT r.outcome, r.detail, r.placed_items, r.merchant_name, r.slotted, (r.placed).* FROM place_order($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) r';

type PlaceOrderRow = OrderRow & {
  outcome: 'placed' | 'replay' | 'out_of_stock' | 'check';
  detail: { ids?: number[]; hash?: string | null; index?: number; available?: number } | null;
  placed_items: OrderItemRow[] | null;
  merchant_name: string | null;
  slotted: Array<number | string> | null;
};

/**
 * The call handed to the multi-statement path: no quick reservation (SSP01: every slot held, fragmented
 * stock; it waits for locks and spreads over slots), or a deadlock / serialization failure (it retries).
 * The call wrote nothing: its implicit transaction rolled back whole.
 */
const SLOW_PATH_CODES = new Set(['SSP01', '40P01', '40001']);

type ParsedBody = ReturnType<typeof CreateOrderBody.parse>;

/**
 * POST /orders in one round trip for the common case (issue 18): one merchant's lines, no `ref` (so the
 * attribution is what referral's OrderAttribution.attribute answers without one, written in place_order: a
 * distributor shop's owner, nobody for a merchant shop; keep the two in step. A `ref` takes the other path). Everything PlaceOrderService checks and writes happens in
 * `place_order`, one statement, under the buyer's lock; every refusal other than sold out is left to
 * PlaceOrderService, which answers it with the exact code and message (a refused order may cost a few
 * round trips; a placed or sold-out one costs one). A sold-out one-line order may be answered from
 * SoldOutCache without PostgreSQL.
 */
@Injectable()
export class PlaceOrderCallService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hotStock: HotStockService,
    private readonly settings: PlatformSettingsService,
    private readonly soldOut: SoldOutCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The orders, or null when PlaceOrderService's multi-statement path must place (or refuse) this order. */
  async tryPlace(buyerUserId: number, body: ParsedBody, hash: string): Promise<CreateOrderResponse['orders'] | null> {
    const skuIds = body.items.map((i) => i.skuId);
    if (body.ref || new Set(skuIds).size !== skuIds.length) return null; // duplicates: refused there, before any query
    const startedAt = Date.now(); // before the call's snapshot: see SoldOutCache
    // asked before anything and again once a pooled connection is ours: in a flash sale's last moments most
    // requests are queued for a connection when the SKU sells out, and those then answer without PostgreSQL
    const refuseIfKnownSoldOut = () => {
      if (skuIds.length === 1 && this.soldOut.isSoldOut(body.shopId, skuIds[0]!, buyerUserId, body.idempotencyKey)) {
        throw outOfStock({ index: 0, skuId: skuIds[0]! });
      }
    };
    refuseIfKnownSoldOut();
    const maxUnpaid = (await this.settings.get()).maxUnpaidOrdersPerUser;
    const slotsFirst = await this.hotStock.beginQuickReservation(skuIds);
    let slotted: number[] = [];
    let row: PlaceOrderRow;
    try {
      [row] = (await preparedQuery<PlaceOrderRow>(
        this.dataSource.manager,
        'place_order',
        PLACE_ORDER_SQL,
        [
          buyerUserId,
          body.shopId,
          skuIds,
          body.items.map((i) => i.quantity),
          body.idempotencyKey,
          hash,
          JSON.stringify(body.address),
          body.remark,
          this.config.orders.ORDER_AUTO_CLOSE_MINUTES,
          maxUnpaid,
          ORDER_BUYER_LOCK_SPACE,
          slotsFirst,
        ],
        refuseIfKnownSoldOut,
      )) as [PlaceOrderRow];
      slotted = (row.slotted ?? []).map(Number);
    } catch (error) {
      if (SLOW_PATH_CODES.has((error as { code?: string }).code ?? '')) return null;
      throw error; // a racing request with the same key (unique violation) is PlaceOrderService's to answer
    } finally {
      this.hotStock.endQuickReservation(skuIds, slotted);
    }

    const { outcome, detail, placed_items: items, merchant_name: merchantName, slotted: _slotted, ...order } = row;
    switch (outcome) {
      case 'placed':
        this.soldOut.notePlaced(buyerUserId, body.idempotencyKey);
        return [orderView({ ...order, merchant_name: merchantName! }, items ?? [], [])];
      case 'replay':
        assertSameRequest(detail!.hash, hash);
        return loadOrderViews(this.dataSource.manager, detail!.ids!.map(Number));
      case 'out_of_stock': {
        const index = detail!.index!;
        if (skuIds.length === 1 && detail!.available! <= 0) this.soldOut.remember(body.shopId, skuIds[0]!, startedAt);
        throw outOfStock({ index, skuId: skuIds[index]! });
      }
      default:
        return null;
    }
  }
}
