import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Address, AfterSaleType } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../domain/errors.js';
import { JobsService } from '../jobs/jobs.service.js';
import { applyRefundTransition } from '../orders/order.machine.js';
import { SubmitRefundService } from '../payments/submit-refund.service.js';
import { PlatformSettingsService } from '../platform/settings.service.js';
import { applyAfterSaleTransition } from './after-sale.machine.js';
import { approveRefundOnly, receiveReturn } from './after-sale-steps.js';

const BATCH = 200;

/**
 * What happens when someone leaves an after-sale request unanswered (deadlines stored on the request when its
 * clock started, from the platform settings afterSaleReplyDays / returnShipDays / returnReceiveDays):
 * - the merchant did not answer in time → approved, as on every Chinese platform (a return goes to the
 *   merchant's default return address; with none the buyer keeps the goods and is refunded);
 * - the buyer did not ship an approved return back in time → the request closes (its refund is withdrawn);
 * - the merchant did not confirm a shipped-back return in time → received, and the refund goes out.
 * Runs every 5 minutes (`after-sales.deadlines`); each step is the guarded transition a person would make, so a
 * step racing the merchant or the buyer loses with a 409 and is skipped. Tests call `sweep(now)`.
 */
@Injectable()
export class AfterSaleDeadlinesService implements OnModuleInit {
  private readonly logger = new Logger('after-sales');

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly submitter: SubmitRefundService,
    private readonly settings: PlatformSettingsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: 'after-sales.deadlines', cron: '*/5 * * * *', run: (now) => this.sweep(now) });
  }

  async sweep(now: Date): Promise<{ approved: number; closed: number; received: number }> {
    let approved = 0;
    let closed = 0;
    let received = 0;
    const unanswered = await this.dataSource.query<Array<{ id: number; type: AfterSaleType; return_address: Address | null }>>(
      `SELECT a.id, a.type, m.return_address FROM after_sale a JOIN merchant m ON m.id = a.merchant_id
       WHERE a.status = 'pending' AND a.reply_due_at <= $1 ORDER BY a.reply_due_at LIMIT ${BATCH}`,
      [now],
    );
    const { returnShipDays } = await this.settings.get();
    for (const a of unanswered) {
      const refundId = await this.step(() =>
        this.dataSource.transaction(async (em) => {
          if (a.type === 'refund_only') return approveRefundOnly(em, a.id, null, null);
          if (!a.return_address) return approveRefundOnly(em, a.id, null, null, 'approveWithoutReturn');
          await applyAfterSaleTransition(em, a.id, 'approveReturn', {
            set: { decided_by: null, return_address: JSON.stringify(a.return_address), return_due_at: new Date(now.getTime() + returnShipDays * 86_400_000) },
          });
          return null;
        }),
      );
      if (refundId === undefined) continue;
      approved++;
      if (refundId) await this.submitter.submit(refundId);
    }

    const notShipped = await this.dataSource.query<Array<{ id: number }>>(
      `SELECT id FROM after_sale WHERE status = 'awaiting_return' AND return_due_at <= $1 ORDER BY return_due_at LIMIT ${BATCH}`,
      [now],
    );
    for (const a of notShipped) {
      const done = await this.step(() =>
        this.dataSource.transaction(async (em) => {
          const row = await applyAfterSaleTransition(em, a.id, 'close');
          await applyRefundTransition(em, row.refund_id, 'withdraw');
          return null;
        }),
      );
      if (done !== undefined) closed++;
    }

    const notConfirmed = await this.dataSource.query<Array<{ id: number }>>(
      `SELECT id FROM after_sale WHERE status = 'returning' AND receive_due_at <= $1 ORDER BY receive_due_at LIMIT ${BATCH}`,
      [now],
    );
    for (const a of notConfirmed) {
      const refundId = await this.step(() => this.dataSource.transaction((em) => receiveReturn(em, a.id, null, null)));
      if (refundId === undefined) continue;
      received++;
      await this.submitter.submit(refundId);
    }
    return { approved, closed, received };
  }

  /** A lost race (409/404) is expected and skipped (undefined); anything else is logged and the sweep goes on. */
  private async step<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof DomainError)) this.logger.warn({ msg: 'after-sale deadline step failed', error: (error as Error).message });
      return undefined;
    }
  }
}
