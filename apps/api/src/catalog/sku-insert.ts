import type { SkuInput } from '@shareshop/common';
import type { EntityManager } from 'typeorm';

/** Inserts one SKU (defaults applied) and records its initial stock as the first stock adjustment. */
export async function insertSku(
  em: EntityManager,
  merchantId: number,
  productId: number,
  actorUserId: number,
  sku: Required<Omit<SkuInput, 'listPrice'>> & Pick<SkuInput, 'listPrice'>,
): Promise<number> {
  const [row] = await em.query<Array<{ id: number }>>(
    'INSERT INTO sku (product_id, merchant_id, spec_values, price, list_price, stock, code) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
    [productId, merchantId, JSON.stringify(sku.specValues), sku.price, sku.listPrice ?? null, sku.stock, sku.code],
  );
  if (sku.stock > 0) {
    await em.query(
      `INSERT INTO stock_adjustment (sku_id, merchant_id, kind, delta, stock_after, reason, actor_user_id) VALUES ($1, $2, 'initial', $3, $3, '初始库存', $4)`,
      [row.id, merchantId, sku.stock, actorUserId],
    );
  }
  return row.id;
}
