import { Injectable, type OnModuleInit, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventsService } from '../events/events.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { CommissionAccrualService } from './commission-accrual.service.js';
import { CommissionReleaseService } from './commission-release.service.js';
import { CommissionReversalService } from './commission-reversal.service.js';
import { orderRefundFrom, paidOrderFrom } from './order-events.js';

/**
 * Wires the commerce module's after-commit order events to commission use cases. Each handler runs in the
 * delivery's transaction (its writes and the delivery mark commit together), so each applies once.
 */
@Injectable()
export class CommissionHandlers implements OnModuleInit {
  constructor(
    private readonly events: EventsService,
    private readonly accrual: CommissionAccrualService,
    private readonly release: CommissionReleaseService,
    private readonly reversal: CommissionReversalService,
    @Optional() private readonly jobs?: JobsService,
  ) {}

  onModuleInit(): void {
    // an order sold without a distributor (the merchant's own shop) earns no commission: no delivery for it
    this.events.subscribe(
      'commission.order-paid',
      ['order.paid'],
      async (em, e) => {
        await this.accrual.onPaid(em, await paidOrderFrom(em, e.payload));
      },
      { when: (_type, payload) => payload.distributorUserId != null },
    );
    this.events.subscribe('commission.order-received', ['order.received'], async (em, e) => {
      await this.assertAccrued(em, Number(e.payload.orderId));
      await this.release.onReceived(em, Number(e.payload.orderId), new Date(e.payload.receivedAt ?? e.occurredAt));
    });
    this.events.subscribe('commission.order-completed', ['order.completed'], async (em, e) => {
      await this.assertAccrued(em, Number(e.payload.orderId));
      await this.release.onCompleted(em, Number(e.payload.orderId));
    });
    this.events.subscribe('commission.order-refunded', ['order.refunded'], async (em, e) => {
      await this.assertAccrued(em, Number(e.payload.orderId));
      await this.reversal.onRefunded(em, orderRefundFrom(e.payload, e.id));
    });
    this.jobs?.register({ name: 'commission.release', cron: '* * * * *', run: (now) => this.release.releaseDue(now) });
  }

  /**
   * Deliveries are retried independently, so a refund could arrive while the order's `paid` delivery is
   * still failing. Reversing nothing and accruing later would overpay: fail instead and let the retry wait.
   */
  private async assertAccrued(em: EntityManager, orderId: number): Promise<void> {
    const [row] = await em.query(
      `SELECT o.distributor_user_id, EXISTS (SELECT 1 FROM distribution_sale WHERE order_id = o.id) AS accrued FROM "order" o WHERE o.id = $1`,
      [orderId],
    );
    if (row?.distributor_user_id && !row.accrued) throw new Error(`order ${orderId}: order.paid not applied yet`);
  }
}
