import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { OrderActionsService } from './order-actions.service.js';
import { MerchantOrderExportController } from './order-export.controller.js';
import { OrderExportService } from './order-export.service.js';
import { OrderHooks } from './order-hooks.js';
import { OrderQueriesService } from './order-queries.service.js';
import { OrderSweepsService } from './order-sweeps.service.js';
import { BuyerOrdersController, MerchantOrdersController } from './orders.controller.js';
import { PlaceOrderService } from './place-order.service.js';
import { RequestRefundService } from './request-refund.service.js';

/**
 * Orders: placing (stock reservation), the state machine, buyer and merchant actions, time-driven sweeps.
 * `OrderHooks` is the extension point for attribution (distribution) and pre-close payment checks (payments).
 */
@Module({
  imports: [CatalogModule],
  // the export's literal path before merchant/orders/:id
  controllers: [BuyerOrdersController, MerchantOrderExportController, MerchantOrdersController],
  providers: [PlaceOrderService, OrderQueriesService, OrderActionsService, RequestRefundService, OrderSweepsService, OrderHooks, OrderExportService],
  exports: [OrderHooks, OrderQueriesService, OrderSweepsService],
})
export class OrdersModule {}
