import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { MerchantsModule } from '../merchants/merchants.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { CommissionAccrualService } from './commission-accrual.service.js';
import { CommissionReleaseService } from './commission-release.service.js';
import { CommissionReversalService } from './commission-reversal.service.js';
import { CommissionHandlers } from './commission.handlers.js';
import { CommissionsController } from './commissions.controller.js';
import { EventsModule } from '../events/events.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { PlatformSettingsModule } from '../platform/settings.module.js';

@Module({
  imports: [LedgerModule, MerchantsModule, CatalogModule, OrdersModule, EventsModule, JobsModule, PlatformSettingsModule],
  controllers: [CommissionsController],
  providers: [CommissionAccrualService, CommissionReleaseService, CommissionReversalService, CommissionHandlers],
  exports: [CommissionReleaseService],
})
export class CommissionModule {}
