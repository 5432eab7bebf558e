import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module.js';
import { CommissionAccrualService } from './commission-accrual.service.js';
import { CommissionReleaseService } from './commission-release.service.js';
import { CommissionReversalService } from './commission-reversal.service.js';
import { CommissionHandlers } from './commission.handlers.js';
import { CommissionsController } from './commissions.controller.js';

@Module({
  imports: [LedgerModule],
  controllers: [CommissionsController],
  providers: [CommissionAccrualService, CommissionReleaseService, CommissionReversalService, CommissionHandlers],
  exports: [CommissionReleaseService],
})
export class CommissionModule {}
