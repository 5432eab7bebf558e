import { Injectable } from '@nestjs/common';
import {
  type BuyerOrdersQuery,
  type MerchantOrdersQuery,
  type MerchantSalesSummary,
  type OrderPage,
  type OrderView,
  shanghaiDate,
  shanghaiDayRange,
} from '@shareshop/common';
import { DataSource } from 'typeorm';
import { NotFound } from '../domain/errors.js';
import { merchantOrderFilter } from './merchant-order-filter.js';
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
    const { where, params } = merchantOrderFilter(merchantId, q);
    return this.page(where, params, q.page, q.pageSize);
  }

  /**
   * The dashboard: orders paid per Asia/Shanghai day over the last `days` days (today last, zeros
   * included), counted by paid_at so an order placed late one day and paid after midnight counts on the
   * day the money came in. Sums in SQL over every order: no page limit to undercount a busy week.
   */
  async merchantSummary(merchantId: number, days: number, now: Date = new Date()): Promise<MerchantSalesSummary> {
    const DAY = 24 * 3600_000;
    const list = Array.from({ length: days }, (_, i) => shanghaiDate(now.getTime() - (days - 1 - i) * DAY));
    const { start } = shanghaiDayRange(list[0]!);
    const { end } = shanghaiDayRange(list[list.length - 1]!);
    const rows = await this.dataSource.query<Array<{ day: string; orders: number; paid_total: number; refunded_total: number }>>(
      `SELECT to_char(paid_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, count(*)::int AS orders,
              SUM(paid_total)::bigint AS paid_total, SUM(refunded_total)::bigint AS refunded_total
       FROM "order" WHERE merchant_id = $1 AND paid_at >= $2 AND paid_at < $3
       GROUP BY 1`,
      [merchantId, start, end],
    );
    const byDay = new Map(rows.map((r) => [r.day, r]));
    return {
      today: list[list.length - 1]!,
      days: list.map((day) => {
        const r = byDay.get(day);
        return { day, orders: r?.orders ?? 0, paidTotal: Number(r?.paid_total ?? 0), refundedTotal: Number(r?.refunded_total ?? 0) };
      }),
    };
  }

  private async getWhere(where: string, params: unknown[]): Promise<OrderView> {
    const [row] = await this.dataSource.query<Array<{ id: number }>>(`SELECT id FROM "order" WHERE ${where}`, params);
    if (!row) throw new NotFound('订单');
    return (await loadOrderViews(this.dataSource.manager, [row.id]))[0]!;
  }

  private async page(where: string, params: unknown[], page: number, pageSize: number): Promise<OrderPage> {
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(`SELECT count(*)::int AS total FROM "order" WHERE ${where}`, params);
    const rows = await this.dataSource.query<Array<{ id: number }>>(
      `SELECT id FROM "order" WHERE ${where} ORDER BY id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    );
    return {
      items: await loadOrderViews(
        this.dataSource.manager,
        rows.map((r) => r.id),
      ),
      total,
      page,
      pageSize,
    };
  }
}
