import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { WechatPayClient, WechatPayError } from '@shareshop/wechat';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { JobsService } from '../jobs/jobs.service.js';
import { ApplyPaymentService } from './apply-payment.service.js';
import { ApplyRefundResultService } from './apply-refund-result.service.js';
import { SubmitRefundService } from './submit-refund.service.js';

/**
 * Never rely on callbacks alone. Every minute:
 *  - orders still unpaid some time after their prepay are queried at WeChat (a lost TRANSACTION.SUCCESS
 *    callback never loses a paid order);
 *  - refunds still processing are queried, and resubmitted (same out_refund_no) if WeChat never got them.
 * (Orders' "did this order get paid?" before a close is PaymentCheck.)
 */
@Injectable()
export class PaymentSyncService implements OnModuleInit {
  private readonly logger = new Logger('payments');

  constructor(
    private readonly dataSource: DataSource,
    private readonly pay: WechatPayClient,
    private readonly payments: ApplyPaymentService,
    private readonly refundResults: ApplyRefundResultService,
    private readonly submitter: SubmitRefundService,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: 'payments.query-unpaid', cron: '* * * * *', run: (now) => this.queryUnpaid(now) });
    this.jobs.register({ name: 'payments.sync-refunds', cron: '* * * * *', run: (now) => this.syncRefunds(now) });
  }

  async queryUnpaid(now: Date): Promise<{ applied: number }> {
    const due = await this.dataSource.query<Array<{ out_trade_no: string }>>(
      `SELECT out_trade_no FROM "order" WHERE status = 'created' AND prepay_id IS NOT NULL AND prepay_at <= $1 ORDER BY prepay_at LIMIT 100`,
      [new Date(now.getTime() - this.config.orders.PAYMENT_QUERY_AFTER_SECONDS * 1000)],
    );
    let applied = 0;
    for (const o of due) {
      try {
        const tx = await this.pay.queryByOutTradeNo(o.out_trade_no);
        if ((await this.payments.apply(tx, 'query')) === 'applied') applied++;
      } catch (error) {
        this.logger.warn({ msg: 'payment query failed', outTradeNo: o.out_trade_no, error: (error as Error).message });
      }
    }
    return { applied };
  }

  async syncRefunds(now: Date): Promise<{ checked: number }> {
    const due = await this.dataSource.query<Array<{ id: number; out_refund_no: string; submitted_at: Date | null }>>(
      `SELECT id, out_refund_no, submitted_at FROM refund WHERE status = 'processing'
         AND ((submitted_at IS NULL AND decided_at <= $1) OR submitted_at <= $2) ORDER BY id LIMIT 100`,
      [new Date(now.getTime() - 60_000), new Date(now.getTime() - this.config.orders.REFUND_QUERY_AFTER_SECONDS * 1000)],
    );
    for (const r of due) {
      try {
        if (!r.submitted_at) {
          await this.submitter.submit(r.id);
          continue;
        }
        const res = await this.pay.queryRefund(r.out_refund_no);
        await this.refundResults.apply({ out_refund_no: res.out_refund_no, refund_id: res.refund_id, refund_status: res.status, amount: res.amount }, 'query');
      } catch (error) {
        if (error instanceof WechatPayError && error.status === 404) await this.submitter.submit(r.id);
        else this.logger.warn({ msg: 'refund sync failed', refundId: r.id, error: (error as Error).message });
      }
    }
    return { checked: due.length };
  }
}
