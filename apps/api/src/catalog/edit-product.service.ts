import { Injectable } from '@nestjs/common';
import { MAX_SKUS, type ProductView, UpdateProductBody } from '@shareshop/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Broken, Invalid, NotFound } from '../domain/errors.js';
import { MerchantShopService } from '../shops/merchant-shop.service.js';
import type { ProductRow } from './catalog.rows.js';
import { loadProductViews } from './product.view.js';
import { checkCategory, checkCommissionOverride, requireMainImage } from './catalogue-rules.js';
import { insertSku } from './sku-insert.js';
import { type SkuAfter, skuSetProblem } from './sku-rules.js';

const PRODUCT_COLUMNS = {
  title: 'title',
  subtitle: 'subtitle',
  description: 'description',
  images: 'images',
  detail: 'detail',
  category: 'category',
  specNames: 'spec_names',
  status: 'status',
  commissionL1Bps: 'commission_l1_bps',
  commissionL2Bps: 'commission_l2_bps',
  commissionL3Bps: 'commission_l3_bps',
  purchaseLimit: 'purchase_limit',
} as const;
const JSON_COLUMNS = new Set(['images', 'detail', 'spec_names']);
/** The body after parsing (new SKUs with their defaults). */
type EditBody = ReturnType<typeof UpdateProductBody.parse>;

const SKU_COLUMNS = { specValues: 'spec_values', price: 'price', listPrice: 'list_price', code: 'code', active: 'active' } as const;

/**
 * PATCH /merchant/products/:id: the edit page's one save. The product row and its SKUs are locked, the
 * whole resulting SKU set is checked (sku-rules.ts), and only then is anything written, in one transaction:
 * a bad field anywhere is a 400 naming it and changes nothing. Other merchants' products are 404; SKU ids
 * that are not this product's are a 400 on that field (the same answer whether or not the id exists).
 */
@Injectable()
export class EditProductService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shops: MerchantShopService,
  ) {}

  async edit(merchantId: number, actorUserId: number, productId: number, input: UpdateProductBody): Promise<ProductView> {
    const body = UpdateProductBody.parse(input); // new SKUs' defaults (the pipe already validated)
    return this.dataSource.transaction(async (em) => {
      const [product] = await em.query<
        Array<Pick<ProductRow, 'id' | 'spec_names' | 'status' | 'images' | 'commission_l1_bps' | 'commission_l2_bps' | 'commission_l3_bps'>>
      >(
        'SELECT id, spec_names, status, images, commission_l1_bps, commission_l2_bps, commission_l3_bps FROM product WHERE id = $1 AND merchant_id = $2 FOR UPDATE',
        [productId, merchantId],
      );
      if (!product) throw new NotFound('商品');
      const rows = await em.query<Array<{ id: number; spec_values: string[]; active: boolean }>>(
        'SELECT id, spec_values, active FROM sku WHERE product_id = $1 ORDER BY id FOR UPDATE',
        [productId],
      );

      const patches = body.skus ?? [];
      const additions = body.newSkus ?? [];
      const patchIndex = new Map(patches.map((p, i) => [p.id, i]));
      patches.forEach((p, i) => {
        if (!rows.some((r) => r.id === p.id)) throw new Invalid(`skus.${i}.id`, '不是该商品的 SKU');
      });
      if (rows.length + additions.length > MAX_SKUS) throw new Invalid('newSkus', `每个商品最多 ${MAX_SKUS} 个 SKU（已有 ${rows.length} 个）`);

      const after: SkuAfter[] = [
        ...rows.map((r) => {
          const i = patchIndex.get(r.id);
          const p = i === undefined ? undefined : patches[i]!;
          return {
            specValues: p?.specValues ?? r.spec_values,
            active: p?.active ?? r.active,
            specField: p?.specValues ? `skus.${i}.specValues` : undefined,
            activeField: p?.active === false ? `skus.${i}.active` : undefined,
          };
        }),
        ...additions.map((s, i) => ({ specValues: s.specValues, active: true, specField: `newSkus.${i}.specValues` })),
      ];
      const status = body.status ?? product.status;
      const problem = skuSetProblem(after, (body.specNames ?? product.spec_names).length, status, { specNames: 'specNames', status: 'status' });
      if (problem) throw new Invalid(problem.field, problem.message);
      requireMainImage(status, body.images ?? product.images);
      await checkCategory(em, body.category);
      await checkCommissionOverride(em, merchantId, body, product);

      await this.updateProduct(em, productId, body);
      for (const p of patches) await this.updateSku(em, p);
      for (const s of additions) await insertSku(em, merchantId, productId, actorUserId, s);
      if (status === 'on_sale' && product.status !== 'on_sale') await this.shops.listProduct(em, merchantId, productId);
      return (await loadProductViews(em, [productId]))[0]!;
    });
  }

  private async updateProduct(em: EntityManager, productId: number, body: EditBody) {
    const sets = ['updated_at = now()'];
    const values: unknown[] = [productId];
    for (const [key, column] of Object.entries(PRODUCT_COLUMNS)) {
      const value = body[key as keyof typeof PRODUCT_COLUMNS];
      if (value === undefined) continue;
      values.push(JSON_COLUMNS.has(column) ? JSON.stringify(value) : value);
      sets.push(`${column} = $${values.length}`);
    }
    await em.query(`UPDATE product SET ${sets.join(', ')} WHERE id = $1`, values);
  }

  private async updateSku(em: EntityManager, patch: NonNullable<EditBody['skus']>[number]) {
    const sets: string[] = [];
    const values: unknown[] = [patch.id];
    for (const [key, column] of Object.entries(SKU_COLUMNS)) {
      const value = patch[key as keyof typeof SKU_COLUMNS];
      if (value === undefined) continue;
      values.push(key === 'specValues' ? JSON.stringify(value) : value);
      sets.push(`${column} = $${values.length}`);
    }
    if (!sets.length) return;
    const [, count] = await em.query(`UPDATE sku SET ${sets.join(', ')} WHERE id = $1`, values);
    // locked above, so it cannot have vanished; a miss would mean a half-applied edit
    if (count !== 1) throw new Broken(`sku ${patch.id} not updated`);
  }
}
