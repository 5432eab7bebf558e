import type { EntityManager } from 'typeorm';
import { noteStockReturned } from './recent-stock-returns.js';
import { updateSkusLocked } from './sold-counts.js';

/**
 * Puts reserved units back on sale (catalog owns `sku`; orders calls this when an unpaid order ends), in the
 * caller's transaction.
 */
export async function returnStock(em: EntityManager, lines: ReadonlyArray<{ skuId: number; quantity: number }>): Promise<void> {
  if (lines.length === 0) return;
  noteStockReturned(lines.map((l) => l.skuId));
  await em.query(
    `UPDATE sku SET stock = sku.stock + t.quantity FROM
       (SELECT sku_id, sum(quantity)::int AS quantity FROM unnest($1::bigint[], $2::int[]) AS v(sku_id, quantity) GROUP BY sku_id) t
     WHERE sku.id = t.sku_id`,
    [lines.map((l) => l.skuId), lines.map((l) => l.quantity)],
  );
}

/**
 * Puts refunded units back on sale and takes them off the SKUs' `sold` counts (never below zero), in the
 * caller's transaction: orders calls this when a refund succeeds and the goods are back in the warehouse. Same
 * lock order as `addSold`, so a refund and a payment of the same SKUs queue instead of deadlocking.
 */
export async function restockRefunded(em: EntityManager, lines: ReadonlyArray<{ skuId: number; quantity: number }>): Promise<void> {
  if (lines.length === 0) return;
  noteStockReturned(lines.map((l) => l.skuId));
  await updateSkusLocked(em, lines, 'stock = sku.stock + t.q, sold = greatest(sku.sold - t.q, 0)');
}
