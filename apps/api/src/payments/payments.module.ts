import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { ApplyPaymentService } from './apply-payment.service.js';
import { ApplyRefundResultService } from './apply-refund-result.service.js';
import { DecideRefundService } from './decide-refund.service.js';
import { PaymentSyncService } from './payment-sync.service.js';
import { PayController, MerchantRefundsController, WechatPayNotifyController } from './payments.controller.js';
import { PaymentNotifyBatcher } from './payment-notify-batcher.js';
import { PayOrderService } from './pay-order.service.js';
import { SubmitRefundService } from './submit-refund.service.js';

/**
 * WeChat Pay for orders: prepay, payment callbacks/queries applied once, refunds (merchant decision →
 * WeChat refund → result applied once), and the fallback sync jobs. Uses the WechatPayClient from
 * WechatModule (real WeChat or the local sandbox: only URLs and keys differ).
 */
@Module({
  imports: [OrdersModule, LedgerModule],
  controllers: [PayController, WechatPayNotifyController, MerchantRefundsController],
  providers: [
    PayOrderService,
    ApplyPaymentService,
    PaymentNotifyBatcher,
    ApplyRefundResultService,
    SubmitRefundService,
    DecideRefundService,
    PaymentSyncService,
  ],
  exports: [ApplyPaymentService, SubmitRefundService],
})
export class PaymentsModule {}
