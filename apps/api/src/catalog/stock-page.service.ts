import { Injectable } from '@nestjs/common';
import type { MerchantStockPage, MerchantStockQuery, StockAdjustmentView, StockSettingsView } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { HotStockService, availableStockSql } from './hot-stock.service.js';
import type { SkuStockRow, StockAdjustmentRow } from './catalog.rows.js';
import { skuView } from './product.view.js';
import { MerchantPreferences } from '../merchants/merchant-preferences.service.js';

/**
 * The merchant stock page: every SKU with its available stock (low ones flagged against the merchant's own
 * threshold), absolute stock counts (盘点) and the threshold setting. Deltas stay in StockService.adjust;
 * both write the SKU's stock history (`stock_adjustment`, kind `set` here).
 */
@Injectable()
export class StockPageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hotStock: HotStockService,
    private readonly merchants: MerchantPreferences,
  ) {}

  async set(merchantId: number, actorUserId: number, skuId: number, stock: number, reason: string): Promise<StockAdjustmentView> {
    return this.dataSource.transaction(async (em) => {
      const { delta, stockAfter } = await this.hotStock.setTotal(em, merchantId, skuId, stock);
      const [r] = await em.query<StockAdjustmentRow[]>(
        `INSERT INTO stock_adjustment (sku_id, merchant_id, kind, delta, stock_after, reason, actor_user_id) VALUES ($1, $2, 'set', $3, $4, $5, $6) RETURNING *`,
        [skuId, merchantId, delta, stockAfter, reason, actorUserId],
      );
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
    });
  }

  async settings(merchantId: number): Promise<StockSettingsView> {
    return { lowStockThreshold: await this.merchants.lowStockThreshold(merchantId) };
  }

  async saveSettings(merchantId: number, lowStockThreshold: number): Promise<StockSettingsView> {
    await this.merchants.setLowStockThreshold(merchantId, lowStockThreshold);
    return this.settings(merchantId);
  }

  /** Active and disabled SKUs alike (a disabled one may be restocked before it is enabled), low ones first. */
  async list(merchantId: number, q: MerchantStockQuery): Promise<MerchantStockPage> {
    const { lowStockThreshold } = await this.settings(merchantId);
    const search = q.q?.replace(/[%_\\]/g, '') || null;
    const inner = `SELECT s.*, ${availableStockSql('s')} AS available_stock, p.title AS product_title, p.images->>0 AS product_image, p.spec_names
      FROM sku s JOIN product p ON p.id = s.product_id
      WHERE s.merchant_id = $1 AND ($2::text IS NULL OR p.title ILIKE '%' || $2 || '%' OR s.code ILIKE '%' || $2 || '%')`;
    const where = `($3::boolean IS NOT TRUE OR (t.active AND t.available_stock <= $4))`;
    const params = [merchantId, search, q.lowOnly === 'true', lowStockThreshold];
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(`SELECT count(*)::int AS total FROM (${inner}) t WHERE ${where}`, params);
    const rows = await this.dataSource.query<Array<SkuStockRow & { product_title: string; product_image: string | null; spec_names: string[] }>>(
      `SELECT * FROM (${inner}) t WHERE ${where}
       ORDER BY (t.active AND t.available_stock <= $4) DESC, t.product_id DESC, t.id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
      params,
    );
    return {
      lowStockThreshold,
      total,
      page: q.page,
      pageSize: q.pageSize,
      items: rows.map((r) => {
        const sku = skuView(r);
        return {
          ...sku,
          productTitle: r.product_title,
          productImage: r.product_image,
          specNames: r.spec_names,
          low: sku.active && sku.stock <= lowStockThreshold,
        };
      }),
    };
  }
}
