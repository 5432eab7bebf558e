import { Injectable } from '@nestjs/common';
import type { RefundView } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { Conflict, NotFound } from '../domain/errors.js';
import { OrderRefundsService } from '../orders/order-refunds.service.js';
import type { RefundItemRow, RefundRow } from '../orders/order.rows.js';
import { refundView } from '../orders/order.view.js';
import { SubmitRefundService } from './submit-refund.service.js';

/** The merchant approves (→ WeChat refund) or rejects a buyer's refund request. */
@Injectable()
export class DecideRefundService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly submitter: SubmitRefundService,
    private readonly refunds: OrderRefundsService,
  ) {}

  async approve(merchantId: number, userId: number, refundId: number): Promise<RefundView> {
    await this.refuseAfterSaleRefund(merchantId, refundId);
    // Whether the goods go back on sale is decided when the refund completes, from the order's shipping
    // state then (apply-refund-result.service.ts), not here.
    await this.dataSource.transaction((em) => this.refunds.approve(em, merchantId, userId, refundId));
    await this.submitter.submit(refundId);
    return this.view(merchantId, refundId);
  }

  async reject(merchantId: number, userId: number, refundId: number, reason: string): Promise<RefundView> {
    await this.refuseAfterSaleRefund(merchantId, refundId);
    await this.dataSource.transaction((em) => this.refunds.reject(em, merchantId, userId, refundId, reason));
    return this.view(merchantId, refundId);
  }

  async list(merchantId: number, status?: string): Promise<{ items: RefundView[] }> {
    const rows = await this.dataSource.query<RefundRow[]>(
      `SELECT * FROM refund WHERE merchant_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY id DESC LIMIT 200`,
      [merchantId, status ?? null],
    );
    const items = rows.length
      ? await this.dataSource.query<RefundItemRow[]>('SELECT * FROM refund_item WHERE refund_id = ANY($1)', [rows.map((r) => r.id)])
      : [];
    return {
      items: rows.map((r) =>
        refundView(
          r,
          items.filter((i) => i.refund_id === r.id),
        ),
      ),
    };
  }

  /**
   * A refund inside an after-sale request is decided there (a return's refund waits for the parcel), so the
   * two never disagree: 409 naming the request.
   */
  private async refuseAfterSaleRefund(merchantId: number, refundId: number): Promise<void> {
    const [a] = await this.dataSource.query<Array<{ id: number }>>('SELECT a.id FROM after_sale a WHERE a.refund_id = $1 AND a.merchant_id = $2', [
      refundId,
      merchantId,
    ]);
    if (a) throw new Conflict('AFTER_SALE_REFUND', `该退款属于售后申请 ${a.id}，请在售后中心处理`, { afterSaleId: a.id });
  }

  async view(merchantId: number, refundId: number): Promise<RefundView> {
    const [r] = await this.dataSource.query<RefundRow[]>('SELECT * FROM refund WHERE id = $1 AND merchant_id = $2', [refundId, merchantId]);
    if (!r) throw new NotFound('退款');
    const items = await this.dataSource.query<RefundItemRow[]>('SELECT * FROM refund_item WHERE refund_id = $1', [refundId]);
    return refundView(r, items);
  }
}
