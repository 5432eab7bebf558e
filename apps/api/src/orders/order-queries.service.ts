import { Injectable } from '@nestjs/common';
import type { BuyerOrdersQuery, MerchantOrdersQuery, OrderPage, OrderView } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { notFound } from '../http/errors.js';
import { loadOrderViews } from './order.view.js';

/** Reads always filter by the owner (buyer or merchant): someone else's order is simply not found. */
@Injectable()
export class OrderQueriesService {
  constructor(private readonly dataSource: DataSource) {}

  async buyerGet(buyerUserId: number, orderId: number): Promise<OrderView> {
    return this.getWhere('id = $1 AND buyer_user_id = $2', [orderId, buyerUserId]);
  }

  async merchantGet(merchantId: number, orderId: number): Promise<OrderView> {
    return this.getWhere('id = $1 AND merchant_id = $2', [orderId, merchantId]);
  }

  async buyerList(buyerUserId: number, q: BuyerOrdersQuery): Promise<OrderPage> {
    return this.page('buyer_user_id = $1 AND ($2::text IS NULL OR status = $2)', [buyerUserId, q.status ?? null], q.page, q.pageSize);
  }

  async merchantList(merchantId: number, q: MerchantOrdersQuery): Promise<OrderPage> {
    const where = `merchant_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR out_trade_no = $3)
      AND ($4::bigint IS NULL OR buyer_user_id = $4) AND ($5::timestamptz IS NULL OR created_at >= $5) AND ($6::timestamptz IS NULL OR created_at < $6)
      AND ($7::text IS NULL OR EXISTS (SELECT 1 FROM refund r WHERE r.order_id = "order".id AND r.status = $7))`;
    return this.page(where, [merchantId, q.status ?? null, q.outTradeNo ?? null, q.buyerUserId ?? null, q.from ?? null, q.to ?? null, q.refund ?? null], q.page, q.pageSize);
  }

  private async getWhere(where: string, params: unknown[]): Promise<OrderView> {
    const [row] = await this.dataSource.query(`SELECT id FROM "order" WHERE ${where}`, params);
    if (!row) throw notFound('订单');
    return (await loadOrderViews(this.dataSource.manager, [row.id]))[0]!;
  }

  private async page(where: string, params: unknown[], page: number, pageSize: number): Promise<OrderPage> {
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM "order" WHERE ${where}`, params);
    const rows = await this.dataSource.query(`SELECT id FROM "order" WHERE ${where} ORDER BY id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`, params);
    return { items: await loadOrderViews(this.dataSource.manager, rows.map((r: { id: number }) => r.id)), total, page, pageSize };
  }
}
