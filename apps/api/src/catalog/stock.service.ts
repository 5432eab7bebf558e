import { Injectable } from '@nestjs/common';
import type { LowStockList, StockAdjustmentList, StockAdjustmentView } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { conflict, notFound } from '../http/errors.js';
import { skuView } from './product.view.js';

/**
 * Manual stock changes with history. The change is one conditional UPDATE (`stock + delta >= 0`), so a
 * concurrent order reservation and an adjustment can never take stock below zero together.
 * Order reservations/releases change `sku.stock` too but are recorded on the orders, not here.
 */
@Injectable()
export class StockService {
  constructor(private readonly dataSource: DataSource) {}

  async adjust(merchantId: number, actorUserId: number, skuId: number, delta: number, reason: string): Promise<StockAdjustmentView> {
    return this.dataSource.transaction(async (em) => {
      const [rows] = await em.query(
        'UPDATE sku SET stock = stock + $3 WHERE id = $1 AND merchant_id = $2 AND stock + $3 >= 0 RETURNING stock',
        [skuId, merchantId, delta],
      );
      if (!rows.length) {
        const [sku] = await em.query('SELECT stock FROM sku WHERE id = $1 AND merchant_id = $2', [skuId, merchantId]);
        if (!sku) throw notFound('SKU');
        throw conflict('STOCK_NEGATIVE', `库存不足：当前 ${sku.stock}，不能减少 ${-delta}`, { stock: sku.stock, delta });
      }
      const [adj] = await em.query(
        `INSERT INTO stock_adjustment (sku_id, merchant_id, delta, stock_after, reason, actor_user_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [skuId, merchantId, delta, rows[0].stock, reason, actorUserId],
      );
      return adjustmentView(adj);
    });
  }

  async history(merchantId: number, skuId: number): Promise<StockAdjustmentList> {
    const [sku] = await this.dataSource.query('SELECT 1 FROM sku WHERE id = $1 AND merchant_id = $2', [skuId, merchantId]);
    if (!sku) throw notFound('SKU');
    const rows = await this.dataSource.query('SELECT * FROM stock_adjustment WHERE sku_id = $1 ORDER BY id DESC LIMIT 200', [skuId]);
    return { items: rows.map(adjustmentView) };
  }

  async low(merchantId: number, threshold: number): Promise<LowStockList> {
    const rows = await this.dataSource.query(
      `SELECT s.*, p.title AS product_title FROM sku s JOIN product p ON p.id = s.product_id
       WHERE s.merchant_id = $1 AND s.active AND p.status <> 'off_sale' AND s.stock <= $2 ORDER BY s.stock, s.id LIMIT 500`,
      [merchantId, threshold],
    );
    return { items: rows.map((r: any) => ({ ...skuView(r), productTitle: r.product_title })) };
  }
}

function adjustmentView(r: any): StockAdjustmentView {
  return { id: r.id, skuId: r.sku_id, delta: r.delta, stockAfter: r.stock_after, reason: r.reason, actorUserId: r.actor_user_id, createdAt: new Date(r.created_at).toISOString() };
}
