import { Module } from '@nestjs/common';
import { OpenRefunds } from './open-refunds.query.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { OrderActionsService } from './order-actions.service.js';
import { MerchantOrderExportController } from './order-export.controller.js';
import { OrderExportService } from './order-export.service.js';
import { OrderPaymentsModule } from './order-payments.module.js';
import { OrderQueriesService } from './order-queries.service.js';
import { OrderSweepsService } from './order-sweeps.service.js';
import { BuyerOrdersController, MerchantOrdersController } from './orders.controller.js';
import { PlaceOrderService } from './place-order.service.js';
import { RequestRefundService } from './request-refund.service.js';
import { PlaceOrderCallService } from './place-order-call.service.js';
import { SoldOutCache } from './sold-out-cache.js';
import { AccessModule } from '../access/access.module.js';
import { EventsModule } from '../events/events.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { PlatformSettingsModule } from '../platform/settings.module.js';
import { ReferralModule } from '../referral/referral.module.js';
import { PaymentResultsModule } from '../payments/payment-results.module.js';

/**
 * Orders: placing (stock reservation), the state machine, buyer and merchant actions, time-driven sweeps.
 * Attribution is referral's `OrderAttribution`; "was it paid after all?" before closing an unpaid order with a
 * prepay is payments' `PaymentCheck` (PaymentResultsModule, which reaches orders only through OrderPaymentsModule).
 */
@Module({
  imports: [CatalogModule, AccessModule, EventsModule, JobsModule, PlatformSettingsModule, ReferralModule, OrderPaymentsModule, PaymentResultsModule],
  // the export's literal path before merchant/orders/:id
  controllers: [BuyerOrdersController, MerchantOrderExportController, MerchantOrdersController],
  providers: [
    PlaceOrderService,
    OrderQueriesService,
    OrderActionsService,
    RequestRefundService,
    OrderSweepsService,
    OrderExportService,
    PlaceOrderCallService,
    SoldOutCache,
    OpenRefunds,
  ],
  exports: [OrderQueriesService, OrderSweepsService, OpenRefunds],
})
export class OrdersModule {}
