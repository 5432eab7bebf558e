import { Module } from '@nestjs/common';
import { PaymentsModule } from '../payments/payments.module.js';
import { AfterSaleDeadlinesService } from './after-sale-deadlines.service.js';
import { BuyerAfterSalesController, MerchantAfterSalesController } from './after-sales.controller.js';
import { AfterSalesService } from './after-sales.service.js';
import { AccessModule } from '../access/access.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { PlatformSettingsModule } from '../platform/settings.module.js';
import { MerchantsModule } from '../merchants/merchants.module.js';

/** After-sale requests (售后) around buyer refunds, both sides, and their deadline job. */
@Module({
  imports: [PaymentsModule, MerchantsModule, AccessModule, JobsModule, PlatformSettingsModule],
  controllers: [BuyerAfterSalesController, MerchantAfterSalesController],
  providers: [AfterSalesService, AfterSaleDeadlinesService],
  exports: [AfterSaleDeadlinesService],
})
export class AfterSalesModule {}
