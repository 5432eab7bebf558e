import { Injectable, type OnModuleInit, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventsService } from '../events/events.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import {
  type OrderCompletedEvent,
  type OrderEventHeader,
  OrderEvents,
  type OrderPaidEvent,
  type OrderReceivedEvent,
  type OrderRefundedEvent,
} from '../orders/order-events.js';
import { CommissionAccrualService } from './commission-accrual.service.js';
import { CommissionReleaseService } from './commission-release.service.js';
import { CommissionReversalService } from './commission-reversal.service.js';
import { orderRefundOf, paidOrderOf } from './order-events.js';

/**
 * Wires orders' after-commit order events (typed payloads from orders/order-events.ts) to commission use cases. Each handler runs in the
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
    this.events.subscribe<OrderPaidEvent>(
      'commission.order-paid',
      [OrderEvents.paid],
      async (em, e) => {
        await this.accrual.onPaid(em, paidOrderOf(e.payload));
      },
      { when: (_type, payload) => payload.distributorUserId != null },
    );
    this.events.subscribe<OrderReceivedEvent>('commission.order-received', [OrderEvents.received], async (em, e) => {
      await this.assertAccrued(em, e.payload);
      await this.release.onReceived(em, e.payload.orderId, new Date(e.payload.receivedAt), e.payload.afterSaleDays);
    });
    this.events.subscribe<OrderCompletedEvent>('commission.order-completed', [OrderEvents.completed], async (em, e) => {
      await this.assertAccrued(em, e.payload);
      await this.release.onCompleted(em, e.payload.orderId);
    });
    this.events.subscribe<OrderRefundedEvent>('commission.order-refunded', [OrderEvents.refunded], async (em, e) => {
      await this.assertAccrued(em, e.payload);
      await this.reversal.onRefunded(em, orderRefundOf(e.payload));
    });
    this.jobs?.register({ name: 'commission.release', cron: '* * * * *', run: (now) => this.release.releaseDue(now) });
  }

  /**
   * Deliveries are retried independently, so a refund could arrive while the order's `paid` delivery is
   * still failing. Reversing nothing and accruing later would overpay: fail instead and let the retry wait.
   */
  private async assertAccrued(em: EntityManager, order: OrderEventHeader): Promise<void> {
    if (!order.distributorUserId) return;
    const [sale] = await em.query<Array<{ order_id: number }>>('SELECT order_id FROM distribution_sale WHERE order_id = $1', [order.orderId]);
    if (!sale) throw new Error(`order ${order.orderId}: order.paid not applied yet`);
  }
}
