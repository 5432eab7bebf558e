import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { OrderPaymentsService } from './order-payments.service.js';
import { OrderRefundsService } from './order-refunds.service.js';

/**
 * What orders does when money moves: an order paid (OrderPaymentsService), a refund decided, sent or settled
 * (OrderRefundsService). Its own module, below both OrdersModule and payments: payments records WeChat's
 * answers through it, and OrdersModule imports payments' PaymentResultsModule (to ask WeChat before closing an
 * unpaid order), so the graph runs orders → payment results → this, with no cycle and no setter.
 */
@Module({
  imports: [LedgerModule, EventsModule],
  providers: [OrderPaymentsService, OrderRefundsService],
  exports: [OrderPaymentsService, OrderRefundsService],
})
export class OrderPaymentsModule {}
