import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module.js';
import { OrderPaymentsModule } from '../orders/order-payments.module.js';
import { WechatModule } from '../wechat/wechat.module.js';
import { ApplyPaymentService } from './apply-payment.service.js';
import { ApplyRefundResultService } from './apply-refund-result.service.js';
import { PayOrderService } from './pay-order.service.js';
import { PaymentCheck } from './payment-check.service.js';
import { SubmitRefundService } from './submit-refund.service.js';

/**
 * WeChat Pay's answers applied once (payments, refunds), the prepay and refund submissions, and PaymentCheck.
 * Split from PaymentsModule because orders needs PaymentCheck (did the buyer pay before we close?) and a
 * check that finds the order paid applies the payment at once: this module uses only orders' money functions
 * (OrderPaymentsModule), never OrdersModule, so OrdersModule can import it without a cycle.
 */
@Module({
  imports: [OrderPaymentsModule, LedgerModule, WechatModule],
  providers: [ApplyPaymentService, ApplyRefundResultService, PayOrderService, PaymentCheck, SubmitRefundService],
  exports: [ApplyPaymentService, ApplyRefundResultService, PayOrderService, PaymentCheck, SubmitRefundService],
})
export class PaymentResultsModule {}
