import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { AdminSettlementsController } from './admin-settlements.controller.js';
import { SettlementRunner } from './batch.runner.js';
import { BillImportStep } from './bill-import.step.js';
import { TradeBillSource, WechatTradeBillSource } from './bill-source.js';
import { ManualPayoutGateway } from './manual.gateway.js';
import { MerchantSettlementsController } from './merchant-settlements.controller.js';
import { PayoutsService } from './payouts.service.js';
import { ProfitSharingPayoutGateway } from './profit-sharing.gateway.js';
import { ReconcileStep } from './reconcile.step.js';
import { ReconciliationService } from './reconciliation.service.js';
import { SettlementHooks } from './settlement.hooks.js';
import { SettlementQueries } from './settlement.queries.js';
import { SettlementScheduler } from './settlement.scheduler.js';
import { SettlementSettingsService } from './settlement-settings.service.js';
import { StatementsStep } from './statements.step.js';
import { UnfreezeService } from './unfreeze.service.js';
import { WechatModule } from '../wechat/wechat.module.js';

/** T+1 settlement: trade bill → reconciliation → statements → payouts, per Asia/Shanghai business day. */
@Module({
  imports: [LedgerModule, AccessModule, WechatModule],
  controllers: [MerchantSettlementsController, AdminSettlementsController],
  providers: [
    { provide: TradeBillSource, useClass: WechatTradeBillSource },
    SettlementHooks,
    SettlementSettingsService,
    SettlementQueries,
    BillImportStep,
    ReconcileStep,
    StatementsStep,
    ManualPayoutGateway,
    UnfreezeService,
    ProfitSharingPayoutGateway,
    PayoutsService,
    ReconciliationService,
    SettlementRunner,
    SettlementScheduler,
  ],
  exports: [SettlementRunner, PayoutsService, SettlementHooks, TradeBillSource],
})
export class SettlementModule {}
