import { Injectable } from '@nestjs/common';
import type { LowStockList, StockAdjustmentList, StockAdjustmentView } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { Invalid, NotFound } from '../domain/errors.js';
import { HotStockService, availableStockSql } from './hot-stock.service.js';
import type { SkuStockRow, StockAdjustmentRow } from './catalog.rows.js';
import { skuView } from './product.view.js';

/** The same bound as a SKU's initial stock (StockCount in @shareshop/common catalog.ts). */
const MAX_STOCK = 10_000_000;

/**
 * Manual stock changes with history. The change is made under the SKU's row locks (its row and, for a hot
 * SKU, its stock slots: HotStockService.adjust) and refused below zero, so a concurrent order reservation
 * and an adjustment can never take stock below zero together. The stock merchants see is the SKU's total
 * (`sku.stock` + slots). Order reservations/releases are recorded on the orders, not here.
 */
@Injectable()
export class StockService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hotStock: HotStockService,
  ) {}

  async adjust(merchantId: number, actorUserId: number, skuId: number, delta: number, reason: string): Promise<StockAdjustmentView> {
    return this.dataSource.transaction(async (em) => {
      const stockAfter = await this.hotStock.adjust(em, merchantId, skuId, delta);
      // refused after the change, inside its transaction: the throw rolls it back, and the locks make the total exact
      if (stockAfter > MAX_STOCK) throw new Invalid('delta', `调整后库存不能超过 ${MAX_STOCK}（当前调整后为 ${stockAfter}）`);
      const [adj] = await em.query<StockAdjustmentRow[]>(
        `INSERT INTO stock_adjustment (sku_id, merchant_id, delta, stock_after, reason, actor_user_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [skuId, merchantId, delta, stockAfter, reason, actorUserId],
      );
      return adjustmentView(adj);
    });
  }

  async history(merchantId: number, skuId: number): Promise<StockAdjustmentList> {
    const [sku] = await this.dataSource.query<unknown[]>('SELECT 1 FROM sku WHERE id = $1 AND merchant_id = $2', [skuId, merchantId]);
    if (!sku) throw new NotFound('SKU');
    const rows = await this.dataSource.query<StockAdjustmentRow[]>('SELECT * FROM stock_adjustment WHERE sku_id = $1 ORDER BY id DESC LIMIT 200', [skuId]);
    return { items: rows.map(adjustmentView) };
  }

  async low(merchantId: number, threshold: number): Promise<LowStockList> {
    const rows = await this.dataSource.query<Array<SkuStockRow & { product_title: string }>>(
      `SELECT * FROM (SELECT s.*, ${availableStockSql('s')} AS available_stock, p.title AS product_title FROM sku s JOIN product p ON p.id = s.product_id
       WHERE s.merchant_id = $1 AND s.active AND p.status <> 'off_sale') t WHERE t.available_stock <= $2 ORDER BY t.available_stock, t.id LIMIT 500`,
      [merchantId, threshold],
    );
    return { items: rows.map((r) => ({ ...skuView(r), productTitle: r.product_title })) };
  }
}

function adjustmentView(r: StockAdjustmentRow): StockAdjustmentView {
  return {
    id: r.id,
    kind: r.kind,
    skuId: r.sku_id,
    delta: r.delta,
    stockAfter: r.stock_after,
    reason: r.reason,
    actorUserId: r.actor_user_id,
    createdAt: new Date(r.created_at).toISOString(),
  };
}
