import { Injectable } from '@nestjs/common';
import type { RefundView } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { notFound } from '../http/errors.js';
import { applyRefundTransition } from '../orders/order.machine.js';
import { refundView } from '../orders/order.view.js';
import { SubmitRefundService } from './submit-refund.service.js';

/** The merchant approves (→ WeChat refund) or rejects a buyer's refund request. */
@Injectable()
export class DecideRefundService {
  constructor(private readonly dataSource: DataSource, private readonly submitter: SubmitRefundService) {}

  async approve(merchantId: number, userId: number, refundId: number): Promise<RefundView> {
    await this.dataSource.transaction(async (em) => {
      // Restock is decided now: goods that never left the warehouse go back on sale if the merchant wants.
      const [ctx] = await em.query(
        `SELECT o.shipped_at IS NULL AND m.restock_on_refund AS restock FROM refund r JOIN "order" o ON o.id = r.order_id
         JOIN merchant m ON m.id = r.merchant_id WHERE r.id = $1 AND r.merchant_id = $2`,
        [refundId, merchantId],
      );
      if (!ctx) throw notFound('退款');
      await applyRefundTransition(em, refundId, 'approve', { set: { decided_by: userId, restock: ctx.restock }, where: `merchant_id = $1 AND kind = 'buyer'`, whereValues: [merchantId] });
    });
    await this.submitter.submit(refundId);
    return this.view(merchantId, refundId);
  }

  async reject(merchantId: number, userId: number, refundId: number, reason: string): Promise<RefundView> {
    await this.dataSource.transaction((em) =>
      applyRefundTransition(em, refundId, 'reject', { set: { decided_by: userId, reject_reason: reason }, where: `merchant_id = $1 AND kind = 'buyer'`, whereValues: [merchantId] }),
    );
    return this.view(merchantId, refundId);
  }

  async list(merchantId: number, status?: string): Promise<{ items: RefundView[] }> {
    const rows = await this.dataSource.query(
      `SELECT * FROM refund WHERE merchant_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY id DESC LIMIT 200`,
      [merchantId, status ?? null],
    );
    const items = rows.length ? await this.dataSource.query('SELECT * FROM refund_item WHERE refund_id = ANY($1)', [rows.map((r: any) => r.id)]) : [];
    return { items: rows.map((r: any) => refundView(r, items.filter((i: any) => i.refund_id === r.id))) };
  }

  async view(merchantId: number, refundId: number): Promise<RefundView> {
    const [r] = await this.dataSource.query('SELECT * FROM refund WHERE id = $1 AND merchant_id = $2', [refundId, merchantId]);
    if (!r) throw notFound('退款');
    const items = await this.dataSource.query('SELECT * FROM refund_item WHERE refund_id = $1', [refundId]);
    return refundView(r, items);
  }
}
