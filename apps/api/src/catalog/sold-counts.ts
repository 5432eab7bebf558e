import type { EntityManager } from 'typeorm';

/**
 * Counts units sold into their SKUs' `sold` (catalog owns `sku`; orders calls this when orders are paid), in
 * the caller's transaction. The rows are locked in id order first: two transactions paying orders of the same
 * popular SKUs then queue instead of deadlocking.
 */
export async function addSold(em: EntityManager, lines: ReadonlyArray<{ skuId: number; quantity: number }>): Promise<void> {
  if (lines.length === 0) return;
  await em.query(
    `WITH t AS (SELECT sku_id, sum(quantity)::int AS q FROM unnest($1::bigint[], $2::int[]) AS v(sku_id, quantity) GROUP BY sku_id),
          locked AS (SELECT id FROM sku WHERE id IN (SELECT sku_id FROM t) ORDER BY id FOR UPDATE)
     UPDATE sku SET sold = sku.sold + t.q FROM t WHERE sku.id = t.sku_id AND sku.id IN (SELECT id FROM locked)`,
    [lines.map((l) => l.skuId), lines.map((l) => l.quantity)],
  );
}
