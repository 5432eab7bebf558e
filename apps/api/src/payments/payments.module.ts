import { Module } from '@nestjs/common';
import { OrderPaymentsModule } from '../orders/order-payments.module.js';
import { DecideRefundService } from './decide-refund.service.js';
import { PaymentSyncService } from './payment-sync.service.js';
import { PayController, MerchantRefundsController, WechatPayNotifyController } from './payments.controller.js';
import { PaymentInbox } from './payment-inbox.js';
import { PaymentNotifyBatcher } from './payment-notify-batcher.js';
import { PaymentResultsModule } from './payment-results.module.js';
import { AccessModule } from '../access/access.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { WechatModule } from '../wechat/wechat.module.js';

/**
 * WeChat Pay for orders: prepay, payment callbacks/queries applied once, refunds (merchant decision →
 * WeChat refund → result applied once), and the fallback sync jobs. Uses the WechatPayClient from
 * WechatModule (real WeChat or the local sandbox: only URLs and keys differ). The services that apply WeChat's
 * answers are PaymentResultsModule's (orders imports that one); orders' tables are written only through
 * OrderPaymentsModule.
 */
@Module({
  imports: [PaymentResultsModule, OrderPaymentsModule, AccessModule, JobsModule, WechatModule],
  controllers: [PayController, WechatPayNotifyController, MerchantRefundsController],
  providers: [PaymentInbox, PaymentNotifyBatcher, DecideRefundService, PaymentSyncService],
  // after-sales submits refunds (SubmitRefundService)
  exports: [PaymentResultsModule],
})
export class PaymentsModule {}
