import { Injectable } from '@nestjs/common';
import { WechatPayClient, WechatPayError } from '@shareshop/wechat';
import { ApplyPaymentService } from './apply-payment.service.js';

/**
 * Asked by orders before an unpaid order with a prepay is closed or cancelled: did the buyer pay after all?
 * Asking is talking to WeChat, and a yes means applying the payment now (the caller then sees the order paid),
 * so this is payments' and orders depends on it (PaymentResultsModule) rather than payments filling a slot in
 * orders at start-up. Otherwise it closes the transaction at WeChat, so the sheet can no longer be paid.
 */
@Injectable()
export class PaymentCheck {
  constructor(
    private readonly pay: WechatPayClient,
    private readonly payments: ApplyPaymentService,
  ) {}

  /** 'paid' if WeChat says the order was paid (and we applied it now); 'unpaid' once WeChat has closed it. */
  async beforeClose(order: { id: number; outTradeNo: string }): Promise<'paid' | 'unpaid'> {
    const outTradeNo = order.outTradeNo;
    let tx;
    try {
      tx = await this.pay.queryByOutTradeNo(outTradeNo);
    } catch (error) {
      if (error instanceof WechatPayError && error.status === 404) return 'unpaid'; // WeChat never saw it
      throw error;
    }
    if (tx.trade_state === 'SUCCESS' || tx.trade_state === 'REFUND') {
      await this.payments.apply(tx, 'query');
      return 'paid';
    }
    if (tx.trade_state !== 'CLOSED') {
      try {
        await this.pay.close(outTradeNo);
      } catch (error) {
        if (error instanceof WechatPayError && error.code === 'ORDERPAID') {
          await this.payments.apply(await this.pay.queryByOutTradeNo(outTradeNo), 'query');
          return 'paid';
        }
        throw error;
      }
    }
    return 'unpaid';
  }
}
