import type { EntityManager } from 'typeorm';

/**
 * One UPDATE of the lines' SKUs (quantities summed per SKU as `t.q`), after locking their rows in id order:
 * two transactions touching the same popular SKUs (a payment and a refund, two payments) then queue instead
 * of deadlocking. `set` is a fixed assignment list written by this module, never input.
 */
export async function updateSkusLocked(em: EntityManager, lines: ReadonlyArray<{ skuId: number; quantity: number }>, set: string): Promise<void> {
  if (lines.length === 0) return;
  await em.query(
    `WITH t AS (SELECT sku_id, sum(quantity)::int AS q FROM unnest($1::bigint[], $2::int[]) AS v(sku_id, quantity) GROUP BY sku_id),
          locked AS (SELECT id FROM sku WHERE id IN (SELECT sku_id FROM t) ORDER BY id FOR UPDATE)
     UPDATE sku SET ${set} FROM t WHERE sku.id = t.sku_id AND sku.id IN (SELECT id FROM locked)`,
    [lines.map((l) => l.skuId), lines.map((l) => l.quantity)],
  );
}

/**
 * Counts units sold into their SKUs' `sold` (catalog owns `sku`; orders calls this when orders are paid), in
 * the caller's transaction.
 */
export async function addSold(em: EntityManager, lines: ReadonlyArray<{ skuId: number; quantity: number }>): Promise<void> {
  await updateSkusLocked(em, lines, 'sold = sku.sold + t.q');
}
