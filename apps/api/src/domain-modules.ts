import type { Type } from '@nestjs/common';
import { AccessModule } from './access/access.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { EventsModule } from './events/events.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { LedgerModule } from './ledger/ledger.module.js';
import { MerchantsModule } from './merchants/merchants.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { PaymentsModule } from './payments/payments.module.js';
import { WechatModule } from './wechat/wechat.module.js';
import { PlatformSettingsModule } from './platform/settings.module.js';
import { ReferralModule } from './referral/referral.module.js';
import { ShopsModule } from './shops/shops.module.js';
import { CommissionModule } from './commission/commission.module.js';
import { WalletModule } from './wallet/wallet.module.js';
import { SettlementModule } from './settlement/settlement.module.js';
import { UploadsModule } from './uploads/uploads.module.js';
import { AfterSalesModule } from './after-sales/after-sales.module.js';

/** One NestJS module per domain; each exports a narrow API to the others. */
export function domainModules(): Type[] {
  return [
    EventsModule,
    WechatModule,
    AuthModule,
    LedgerModule,
    AccessModule,
    JobsModule,
    MerchantsModule,
    CatalogModule,
    OrdersModule,
    PaymentsModule,
    PlatformSettingsModule,
    ReferralModule,
    ShopsModule,
    CommissionModule,
    WalletModule,
    SettlementModule,
    UploadsModule,
    AfterSalesModule,
  ];
}
