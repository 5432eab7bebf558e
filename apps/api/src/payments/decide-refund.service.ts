import { Injectable } from '@nestjs/common';
import type { RefundView } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { conflict, notFound } from '../http/errors.js';
import { applyRefundTransition } from '../orders/order.machine.js';
import { refundView } from '../orders/order.view.js';
import { SubmitRefundService } from './submit-refund.service.js';

/** The merchant approves (→ WeChat refund) or rejects a buyer's refund request. */
@Injectable()
export class DecideRefundService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly submitter: SubmitRefundService,
  ) {}

  async approve(merchantId: number, userId: number, refundId: number): Promise<RefundView> {
    await this.refuseAfterSaleRefund(merchantId, refundId);
    // Whether the goods go back on sale is decided when the refund completes, from the order's shipping
    // state then (apply-refund-result.service.ts), not here.
    await this.dataSource.transaction((em) =>
      applyRefundTransition(em, refundId, 'approve', { set: { decided_by: userId }, where: `merchant_id = $1 AND kind = 'buyer'`, whereValues: [merchantId] }),
    );
    await this.submitter.submit(refundId);
    return this.view(merchantId, refundId);
  }

  async reject(merchantId: number, userId: number, refundId: number, reason: string): Promise<RefundView> {
    await this.refuseAfterSaleRefund(merchantId, refundId);
    await this.dataSource.transaction((em) =>
      applyRefundTransition(em, refundId, 'reject', {
        set: { decided_by: userId, reject_reason: reason },
        where: `merchant_id = $1 AND kind = 'buyer'`,
        whereValues: [merchantId],
      }),
    );
    return this.view(merchantId, refundId);
  }

  async list(merchantId: number, status?: string): Promise<{ items: RefundView[] }> {
    const rows = await this.dataSource.query(`SELECT * FROM refund WHERE merchant_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY id DESC LIMIT 200`, [
      merchantId,
      status ?? null,
    ]);
    const items = rows.length ? await this.dataSource.query('SELECT * FROM refund_item WHERE refund_id = ANY($1)', [rows.map((r: any) => r.id)]) : [];
    return {
      items: rows.map((r: any) =>
        refundView(
          r,
          items.filter((i: any) => i.refund_id === r.id),
        ),
      ),
    };
  }

  /**
   * A refund inside an after-sale request is decided there (a return's refund waits for the parcel), so the
   * two never disagree: 409 naming the request.
   */
  private async refuseAfterSaleRefund(merchantId: number, refundId: number): Promise<void> {
    const [a] = await this.dataSource.query('SELECT a.id FROM after_sale a WHERE a.refund_id = $1 AND a.merchant_id = $2', [refundId, merchantId]);
    if (a) throw conflict('AFTER_SALE_REFUND', `该退款属于售后申请 ${a.id}，请在售后中心处理`, { afterSaleId: a.id });
  }

  async view(merchantId: number, refundId: number): Promise<RefundView> {
    const [r] = await this.dataSource.query('SELECT * FROM refund WHERE id = $1 AND merchant_id = $2', [refundId, merchantId]);
    if (!r) throw notFound('退款');
    const items = await this.dataSource.query('SELECT * FROM refund_item WHERE refund_id = $1', [refundId]);
    return refundView(r, items);
  }
}
