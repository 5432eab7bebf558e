import type { DetailBlock, ProductStatus, StockMovementKind } from '@shareshop/common';

/**
 * Rows of the catalogue's tables as `SELECT *` returns them (snake_case; bigint ids and fen amounts as
 * numbers through the int8 parser in database/money.ts, timestamps as Date).
 */
export interface ProductRow {
  id: number;
  merchant_id: number;
  title: string;
  subtitle: string;
  description: string;
  images: string[];
  category: string;
  spec_names: string[];
  status: ProductStatus;
  commission_l1_bps: number | null;
  commission_l2_bps: number | null;
  commission_l3_bps: number | null;
  created_at: Date;
  updated_at: Date;
  purchase_limit: number | null;
  detail: DetailBlock[] | null;
}

export interface SkuRow {
  id: number;
  product_id: number;
  merchant_id: number;
  spec_values: string[];
  price: number;
  list_price: number | null;
  stock: number;
  sold: number;
  code: string;
  active: boolean;
  created_at: Date;
}

/** A sku row with the stock its hot-stock slots add up to (availableStockSql), when selected. */
export type SkuStockRow = SkuRow & { available_stock?: number };

export interface StockAdjustmentRow {
  id: number;
  sku_id: number;
  merchant_id: number;
  delta: number;
  stock_after: number;
  reason: string;
  actor_user_id: number | null;
  created_at: Date;
  kind: StockMovementKind;
}
