import { Injectable } from '@nestjs/common';
import { CreateProductBody, type ProductStatus, type ProductView, type SkuView, SkuInput, type UpdateSkuBody } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { Invalid, NotFound } from '../domain/errors.js';
import { MerchantShopService } from '../shops/merchant-shop.service.js';
import { availableStockSql } from './hot-stock.service.js';
import type { ProductRow, SkuRow, SkuStockRow } from './catalog.rows.js';
import { loadProductViews, skuView } from './product.view.js';
import { checkCategory, checkCommissionOverride, mainImageConflict, requireMainImage } from './catalogue-rules.js';
import { insertSku } from './sku-insert.js';
import { skuSetProblem } from './sku-rules.js';

/** Merchant-side writes to the catalogue. Every statement filters by merchant id: other tenants' ids are 404. */
@Injectable()
export class ProductCommandsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shops: MerchantShopService,
  ) {}

  async create(merchantId: number, actorUserId: number, input: CreateProductBody): Promise<ProductView> {
    const body = CreateProductBody.parse(input); // defaults applied (the pipe already validated)
    body.skus.forEach((s, i) => checkSpecs(`skus.${i}.specValues`, s.specValues, body.specNames.length));
    requireMainImage(body.status, body.images);
    return this.dataSource.transaction(async (em) => {
      await checkCategory(em, body.category);
      await checkCommissionOverride(em, merchantId, body);
      const [p] = await em.query<Array<{ id: number }>>(
        `INSERT INTO product (merchant_id, title, subtitle, description, images, detail, category, spec_names, status,
           commission_l1_bps, commission_l2_bps, commission_l3_bps, purchase_limit)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [
          merchantId,
          body.title,
          body.subtitle,
          body.description,
          JSON.stringify(body.images),
          JSON.stringify(body.detail),
          body.category,
          JSON.stringify(body.specNames),
          body.status,
          body.commissionL1Bps ?? null,
          body.commissionL2Bps ?? null,
          body.commissionL3Bps ?? null,
          body.purchaseLimit,
        ],
      );
      for (const sku of body.skus) await insertSku(em, merchantId, p.id, actorUserId, sku);
      if (body.status === 'on_sale') await this.shops.listProduct(em, merchantId, p.id);
      return (await loadProductViews(em, [p.id]))[0]!;
    });
  }

  async setStatus(merchantId: number, productId: number, status: ProductStatus): Promise<ProductView> {
    return this.dataSource.transaction(async (em) => {
      const [rows] = await em.query<[Array<Pick<ProductRow, 'id' | 'images'>>, number]>(
        'UPDATE product SET status = $3, updated_at = now() WHERE id = $1 AND merchant_id = $2 RETURNING id, images',
        [productId, merchantId, status],
      );
      if (!rows.length) throw new NotFound('商品');
      if (status === 'on_sale' && !rows[0].images.length) throw mainImageConflict();
      if (status === 'on_sale') {
        const [active] = await em.query<unknown[]>('SELECT 1 FROM sku WHERE product_id = $1 AND active LIMIT 1', [productId]);
        if (!active) throw new Invalid('status', '商品没有可售 SKU，不能上架');
        await this.shops.listProduct(em, merchantId, productId);
      }
      return (await loadProductViews(em, [productId]))[0]!;
    });
  }

  async addSku(merchantId: number, actorUserId: number, productId: number, input: SkuInput): Promise<SkuView> {
    const sku = SkuInput.parse(input);
    return this.dataSource.transaction(async (em) => {
      const [p] = await em.query<Array<Pick<ProductRow, 'spec_names'>>>('SELECT spec_names FROM product WHERE id = $1 AND merchant_id = $2 FOR UPDATE', [
        productId,
        merchantId,
      ]);
      if (!p) throw new NotFound('商品');
      checkSpecs('specValues', sku.specValues, p.spec_names.length);
      const id = await insertSku(em, merchantId, productId, actorUserId, sku);
      const [row] = await em.query<SkuRow[]>('SELECT * FROM sku WHERE id = $1', [id]);
      return skuView(row);
    });
  }

  /** One SKU (PATCH /merchant/skus/:id), under the same whole-set rules as the edit page (sku-rules.ts). */
  async updateSku(merchantId: number, skuId: number, body: UpdateSkuBody): Promise<SkuView> {
    const columns: Record<string, string> = { specValues: 'spec_values', price: 'price', listPrice: 'list_price', code: 'code', active: 'active' };
    const sets: string[] = [];
    const values: unknown[] = [skuId, merchantId];
    for (const [key, value] of Object.entries(body)) {
      if (value === undefined) continue;
      values.push(key === 'specValues' ? JSON.stringify(value) : value);
      sets.push(`${columns[key]} = $${values.length}`);
    }
    if (!sets.length) sets.push('id = id');
    return this.dataSource.transaction(async (em) => {
      const [product] = await em.query<Array<Pick<ProductRow, 'id' | 'spec_names' | 'status'>>>(
        'SELECT p.id, p.spec_names, p.status FROM product p JOIN sku s ON s.product_id = p.id WHERE s.id = $1 AND s.merchant_id = $2 FOR UPDATE OF p',
        [skuId, merchantId],
      );
      if (!product) throw new NotFound('SKU');
      const siblings = await em.query<Array<{ id: number; spec_values: string[]; active: boolean }>>(
        'SELECT id, spec_values, active FROM sku WHERE product_id = $1 ORDER BY id',
        [product.id],
      );
      const after = siblings.map((s) =>
        s.id === skuId
          ? {
              specValues: body.specValues ?? s.spec_values,
              active: body.active ?? s.active,
              specField: body.specValues ? 'specValues' : undefined,
              activeField: body.active === false ? 'active' : undefined,
            }
          : { specValues: s.spec_values, active: s.active },
      );
      const problem = skuSetProblem(after, product.spec_names.length, product.status, { specNames: 'specValues', status: 'active' });
      if (problem) throw new Invalid(problem.field, problem.message);
      const [rows] = await em.query<[SkuStockRow[], number]>(
        `UPDATE sku s SET ${sets.join(', ')} WHERE id = $1 AND merchant_id = $2 RETURNING *, ${availableStockSql('s')} AS available_stock`,
        values,
      );
      return skuView(rows[0]);
    });
  }
}

function checkSpecs(field: string, values: string[], specCount: number) {
  if (values.length !== specCount) throw new Invalid(field, `规格值数量应为 ${specCount}（与 specNames 一致）`);
}
