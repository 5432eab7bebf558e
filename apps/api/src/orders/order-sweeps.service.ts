import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EventsService } from '../events/events.service.js';
import { DomainError } from '../domain/errors.js';
import { JobsService } from '../jobs/jobs.service.js';
import { PaymentCheck } from '../payments/payment-check.service.js';
import { publishOrderCompleted, publishOrderReceived, releaseReservedStock } from './order-effects.js';
import { applyOrderTransition } from './order.machine.js';
import type { OrderRow } from './order.rows.js';

const BATCH = 200;

/**
 * Time-driven order transitions, run every minute by pg-boss (durable: the schedule and the deadlines
 * both live in PostgreSQL, so a restart loses nothing; a late run just catches up). Each sweep reads what
 * is due from the order table and applies the same guarded transitions a person would, so a sweep racing
 * a buyer or a payment notify simply loses (409) and moves on.
 */
@Injectable()
export class OrderSweepsService implements OnModuleInit {
  private readonly logger = new Logger('orders');

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly payment: PaymentCheck,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: 'orders.auto-close', cron: '* * * * *', run: (now) => this.autoClose(now) });
    this.jobs.register({ name: 'orders.auto-receive', cron: '*/5 * * * *', run: (now) => this.autoReceive(now) });
    this.jobs.register({ name: 'orders.auto-complete', cron: '*/5 * * * *', run: (now) => this.autoComplete(now) });
  }

  /** Closes unpaid orders past their deadline and releases their stock. */
  async autoClose(now: Date): Promise<{ closed: number }> {
    const due = await this.dataSource.query<Array<Pick<OrderRow, 'id' | 'out_trade_no' | 'prepay_id'>>>(
      `SELECT id, out_trade_no, prepay_id FROM "order" WHERE status = 'created' AND expires_at <= $1 ORDER BY expires_at LIMIT ${BATCH}`,
      [now],
    );
    let closed = 0;
    for (const o of due) {
      // A buyer who opened the payment sheet may have paid with the callback still on its way: ask WeChat first.
      if (o.prepay_id) {
        const answer = await this.payment.beforeClose({ id: o.id, outTradeNo: o.out_trade_no }).catch((error: Error) => {
          this.logger.warn({ msg: 'cannot check payment before close; retrying next run', orderId: o.id, error: error.message });
          return 'unknown' as const;
        });
        if (answer !== 'unpaid') continue;
      }
      if (
        await this.guarded(() =>
          this.dataSource.transaction(async (em) => {
            await applyOrderTransition(em, o.id, 'close', { where: 'expires_at <= $1', whereValues: [now] });
            await releaseReservedStock(em, o.id);
          }),
        )
      )
        closed++;
    }
    return { closed };
  }

  /** Shipped orders count as received ORDER_AUTO_CONFIRM_DAYS after shipping. */
  async autoReceive(now: Date): Promise<{ received: number }> {
    const cutoff = new Date(now.getTime() - this.config.orders.ORDER_AUTO_CONFIRM_DAYS * 86_400_000);
    const due = await this.dataSource.query<Array<{ id: number }>>(
      `SELECT id FROM "order" WHERE status = 'shipped' AND shipped_at <= $1 ORDER BY shipped_at LIMIT ${BATCH}`,
      [cutoff],
    );
    let received = 0;
    for (const o of due) {
      if (
        await this.guarded(() =>
          this.dataSource.transaction(async (em) => {
            const order = await applyOrderTransition(em, o.id, 'receive');
            await publishOrderReceived(em, this.events, order, true);
          }),
        )
      )
        received++;
    }
    return { received };
  }

  /** Received orders complete when the merchant's after-sale window ends with no refund open. */
  async autoComplete(now: Date): Promise<{ completed: number }> {
    const due = await this.dataSource.query<Array<{ id: number }>>(
      `SELECT o.id FROM "order" o JOIN merchant m ON m.id = o.merchant_id
       WHERE o.status = 'received' AND o.received_at + make_interval(days => m.after_sale_days) <= $1
         AND NOT EXISTS (SELECT 1 FROM refund r WHERE r.order_id = o.id AND r.status IN ('requested','processing'))
       ORDER BY o.received_at LIMIT ${BATCH}`,
      [now],
    );
    let completed = 0;
    for (const o of due) {
      if (
        await this.guarded(() =>
          this.dataSource.transaction(async (em) => {
            const order = await applyOrderTransition(em, o.id, 'complete', {
              where: `NOT EXISTS (SELECT 1 FROM refund r WHERE r.order_id = $1 AND r.status IN ('requested','processing'))`,
              whereValues: [o.id],
            });
            await publishOrderCompleted(em, this.events, order);
          }),
        )
      )
        completed++;
    }
    return { completed };
  }

  /** A lost race (409/404) is expected and skipped; anything else is logged and the sweep goes on. */
  private async guarded(fn: () => Promise<unknown>): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (error) {
      if (!(error instanceof DomainError)) this.logger.warn({ msg: 'sweep step failed', error: (error as Error).message });
      return false;
    }
  }
}
