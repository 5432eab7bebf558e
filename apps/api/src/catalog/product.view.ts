import type { ProductView, SkuView } from '@shareshop/common';
import type { EntityManager } from 'typeorm';
import type { ProductRow, SkuStockRow } from './catalog.rows.js';
import { availableStockSql } from './hot-stock.service.js';

/** `r` is a sku row; `available_stock` (see availableStockSql), when selected, is the stock shown. */
export function skuView(r: SkuStockRow): SkuView {
  return {
    id: r.id,
    productId: r.product_id,
    specValues: r.spec_values,
    price: r.price,
    listPrice: r.list_price,
    stock: r.available_stock ?? r.stock,
    sold: r.sold,
    code: r.code,
    active: r.active,
  };
}

/** Loads products with their SKUs in two queries, in the order of `ids`. */
export async function loadProductViews(em: EntityManager, ids: number[]): Promise<ProductView[]> {
  if (!ids.length) return [];
  const products = await em.query<ProductRow[]>('SELECT * FROM product WHERE id = ANY($1)', [ids]);
  const skus = await em.query<SkuStockRow[]>(`SELECT s.*, ${availableStockSql('s')} AS available_stock FROM sku s WHERE s.product_id = ANY($1) ORDER BY s.id`, [
    ids,
  ]);
  const byProduct = new Map<number, SkuView[]>();
  for (const s of skus) {
    const list = byProduct.get(s.product_id) ?? [];
    list.push(skuView(s));
    byProduct.set(s.product_id, list);
  }
  const byId = new Map<number, ProductView>();
  for (const p of products) {
    const productSkus = byProduct.get(p.id) ?? [];
    const active = productSkus.filter((s) => s.active);
    byId.set(p.id, {
      id: p.id,
      merchantId: p.merchant_id,
      title: p.title,
      subtitle: p.subtitle,
      description: p.description,
      images: p.images,
      detail: p.detail ?? [],
      category: p.category,
      specNames: p.spec_names,
      status: p.status,
      commissionL1Bps: p.commission_l1_bps,
      commissionL2Bps: p.commission_l2_bps,
      commissionL3Bps: p.commission_l3_bps,
      purchaseLimit: p.purchase_limit ?? null,
      priceFrom: active.length ? Math.min(...active.map((s) => s.price)) : 0,
      skus: productSkus,
      createdAt: new Date(p.created_at).toISOString(),
      updatedAt: new Date(p.updated_at).toISOString(),
    });
  }
  return ids.map((id) => byId.get(id)).filter((p): p is ProductView => !!p);
}
