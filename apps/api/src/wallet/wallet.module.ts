import { Injectable, Module, type OnModuleInit, Optional } from '@nestjs/common';
import { JobsService } from '../jobs/jobs.service.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { EarningsService } from './earnings.service.js';
import { TransferNotifyController } from './transfer-notify.controller.js';
import { WalletController } from './wallet.controller.js';
import { WithdrawalSettlementService } from './withdrawal-settlement.service.js';
import { WithdrawalService } from './withdrawal.service.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { PlatformSettingsModule } from '../platform/settings.module.js';
import { WechatModule } from '../wechat/wechat.module.js';

/** Registers the withdrawal sweep (lost notifies, unclear create answers, 24 h expiry) with the job runner. */
@Injectable()
export class WalletJobs implements OnModuleInit {
  constructor(
    private readonly settlement: WithdrawalSettlementService,
    private readonly withdrawals: WithdrawalService,
    @Optional() private readonly jobs?: JobsService,
  ) {}

  onModuleInit(): void {
    this.jobs?.register({ name: 'withdrawals.reconcile', cron: '* * * * *', run: (now) => this.reconcile(now) });
  }

  reconcile(now = new Date(), quietMs?: number): Promise<number> {
    return this.settlement.reconcile(now, quietMs, (id) => this.withdrawals.submit(id));
  }
}

@Module({
  imports: [LedgerModule, JobsModule, PlatformSettingsModule, WechatModule],
  controllers: [WalletController, TransferNotifyController],
  providers: [EarningsService, WithdrawalService, WithdrawalSettlementService, WalletJobs],
  exports: [WalletJobs],
})
export class WalletModule {}
