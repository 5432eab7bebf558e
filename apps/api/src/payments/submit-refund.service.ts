import { Injectable, Logger } from '@nestjs/common';
import { WechatPayClient, WechatPayError } from '@shareshop/wechat';
import { DataSource } from 'typeorm';
import { afterSaleFollowsRefund } from '../after-sales/after-sale-steps.js';
import { OrderRefundsService } from '../orders/order-refunds.service.js';
import { REFUND_NOTIFY_PATH } from './notify-paths.js';
import { ApplyRefundResultService } from './apply-refund-result.service.js';

/**
 * Sends an approved (`processing`) refund to WeChat Pay, after the approval committed. The out_refund_no
 * never changes, so resubmitting after a timeout is safe (WeChat answers the same refund). Outcomes:
 * accepted → wait for REFUND.* notify (or the sync job's query); definite refusal → `failed` (the buyer
 * may ask again); unclear → left `processing` for the sync job to query.
 */
@Injectable()
export class SubmitRefundService {
  private readonly logger = new Logger('refunds');

  constructor(
    private readonly dataSource: DataSource,
    private readonly pay: WechatPayClient,
    private readonly results: ApplyRefundResultService,
    private readonly refunds: OrderRefundsService,
  ) {}

  async submit(refundId: number): Promise<void> {
    const refund = await this.refunds.submittable(this.dataSource.manager, refundId);
    if (!refund) return;
    try {
      const res = await this.pay.refund({
        outTradeNo: refund.out_trade_no,
        outRefundNo: refund.out_refund_no,
        refundFen: refund.amount,
        totalFen: refund.paid_total,
        reason: [...refund.reason].slice(0, 80).join(''),
        notifyUrl: this.pay.notifyUrl(REFUND_NOTIFY_PATH),
      });
      await this.refunds.noteSubmitted(this.dataSource.manager, refundId, res.status, res.refund_id);
      if (res.status === 'SUCCESS' || res.status === 'CLOSED') {
        await this.results.apply({ out_refund_no: res.out_refund_no, refund_id: res.refund_id, refund_status: res.status, amount: res.amount }, 'query');
      }
    } catch (error) {
      if (error instanceof WechatPayError && error.outcome === 'failed') {
        this.logger.warn({ msg: 'refund refused by WeChat Pay', refundId, code: error.code, error: error.message });
        await this.dataSource
          .transaction(async (em) => {
            if (await this.refunds.fail(em, refundId, `REFUSED:${error.code}`)) await afterSaleFollowsRefund(em, refundId, 'failed');
          })
          .catch(() => undefined);
        return;
      }
      // unknown outcome: keep it processing; the sync job queries by out_refund_no and resubmits if absent
      this.logger.warn({ msg: 'refund submission unclear', refundId, error: (error as Error).message });
      await this.refunds.noteSubmitted(this.dataSource.manager, refundId, 'UNKNOWN');
    }
  }
}
