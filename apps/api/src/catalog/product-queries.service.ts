import { Injectable } from '@nestjs/common';
import type { MerchantProductsQuery, ProductPage, ProductView, PublicProductsQuery } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { NotFound } from '../domain/errors.js';
import { loadProductViews } from './product.view.js';

/** Catalogue reads: merchants see all their products; the public sees on-sale products of approved merchants. */
@Injectable()
export class ProductQueriesService {
  constructor(private readonly dataSource: DataSource) {}

  async merchantList(merchantId: number, q: MerchantProductsQuery): Promise<ProductPage> {
    return this.page('p.merchant_id = $1 AND ($2::text IS NULL OR p.status = $2)', [merchantId, q.status ?? null], q.page, q.pageSize);
  }

  async merchantGet(merchantId: number, productId: number): Promise<ProductView> {
    const [p] = await this.dataSource.query<Array<{ id: number }>>('SELECT id FROM product WHERE id = $1 AND merchant_id = $2', [productId, merchantId]);
    if (!p) throw new NotFound('商品');
    return (await loadProductViews(this.dataSource.manager, [productId]))[0]!;
  }

  async publicList(q: PublicProductsQuery): Promise<ProductPage> {
    const where = `p.status = 'on_sale' AND m.status = 'approved'
      AND ($1::bigint IS NULL OR p.merchant_id = $1) AND ($2::text IS NULL OR p.category = $2)
      AND ($3::text IS NULL OR p.title ILIKE '%' || $3 || '%')`;
    const page = await this.page(where, [q.merchantId ?? null, q.category ?? null, q.q?.replace(/[%_\\]/g, '') ?? null], q.page, q.pageSize);
    return { ...page, items: page.items.map(publicView) };
  }

  async publicGet(productId: number): Promise<ProductView> {
    const [p] = await this.dataSource.query<Array<{ id: number }>>(
      `SELECT p.id FROM product p JOIN merchant m ON m.id = p.merchant_id WHERE p.id = $1 AND p.status = 'on_sale' AND m.status = 'approved'`,
      [productId],
    );
    if (!p) throw new NotFound('商品');
    return publicView((await loadProductViews(this.dataSource.manager, [productId]))[0]!);
  }

  private async page(where: string, params: unknown[], page: number, pageSize: number): Promise<ProductPage> {
    const from = 'FROM product p JOIN merchant m ON m.id = p.merchant_id';
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(`SELECT count(*)::int AS total ${from} WHERE ${where}`, params);
    const ids = await this.dataSource.query<Array<{ id: number }>>(
      `SELECT p.id ${from} WHERE ${where} ORDER BY p.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    );
    return {
      items: await loadProductViews(
        this.dataSource.manager,
        ids.map((r: { id: number }) => r.id),
      ),
      total,
      page,
      pageSize,
    };
  }
}

/** Buyers see only SKUs that can be bought. */
function publicView(p: ProductView): ProductView {
  return { ...p, skus: p.skus.filter((s) => s.active) };
}
