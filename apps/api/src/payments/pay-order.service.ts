import { Inject, Injectable } from '@nestjs/common';
import type { PayOrderResponse } from '@shareshop/common';
import { type WechatConfig, WechatPayClient, WechatPayError } from '@shareshop/wechat';
import { DataSource } from 'typeorm';
import { Conflict, NotFound, UpstreamFailed } from '../domain/errors.js';
import { OrderPaymentsService } from '../orders/order-payments.service.js';
import type { OrderRow } from '../orders/order.rows.js';
import { WECHAT_CONFIG } from '../wechat/wechat.module.js';
import { PAYMENT_NOTIFY_PATH } from './notify-paths.js';

/**
 * POST /orders/:id/pay → JSAPI prepay → wx.requestPayment parameters. The prepay is made once per order
 * (WeChat answers the same prepay_id for the same out_trade_no and parameters, so a retry after a lost
 * answer is safe) and expires with the order (`time_expire`), so WeChat refuses payment after auto-close.
 */
@Injectable()
export class PayOrderService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly wechatPay: WechatPayClient,
    @Inject(WECHAT_CONFIG) private readonly wechat: WechatConfig | null,
    private readonly orders: OrderPaymentsService,
  ) {}

  async pay(buyerUserId: number, orderId: number): Promise<PayOrderResponse> {
    const [order] = await this.dataSource.query<Array<OrderRow & { openid: string; settlement_mode: string; first_title: string; lines: number }>>(
      `SELECT o.*, u.openid, m.settlement_mode, (SELECT title FROM order_item WHERE order_id = o.id ORDER BY id LIMIT 1) AS first_title,
              (SELECT count(*)::int FROM order_item WHERE order_id = o.id) AS lines
       FROM "order" o JOIN app_user u ON u.id = o.buyer_user_id JOIN merchant m ON m.id = o.merchant_id
       WHERE o.id = $1 AND o.buyer_user_id = $2`,
      [orderId, buyerUserId],
    );
    if (!order) throw new NotFound('订单');
    if (order.status !== 'created') throw new Conflict('ILLEGAL_TRANSITION', `订单当前状态为 ${order.status}，不能支付`, { from: order.status, event: 'pay' });
    if (new Date(order.expires_at).getTime() <= Date.now() + 5_000) throw new Conflict('ORDER_EXPIRED', '订单已超时关闭');
    let prepayId = order.prepay_id;

    if (!prepayId) {
      const title = `${order.first_title}${order.lines > 1 ? ` 等${order.lines}件` : ''}`;
      try {
        prepayId = await this.wechatPay.jsapiPrepay({
          outTradeNo: order.out_trade_no,
          description: [...title].slice(0, 40).join(''),
          amountFen: order.paid_total,
          openid: order.openid,
          notifyUrl: this.wechatPay.notifyUrl(PAYMENT_NOTIFY_PATH),
          timeExpire: new Date(order.expires_at),
          attach: String(order.id),
          // a merchant settled through WeChat profit sharing needs the money frozen for 分账 at payment time;
          // WeChat refuses to share a payment made without it (settlement/profit-sharing.gateway.ts)
          profitSharing: order.settlement_mode === 'profit_sharing',
        });
      } catch (error) {
        if (error instanceof WechatPayError) {
          if (error.code === 'ORDERPAID') throw new Conflict('ALREADY_PAID', '订单已支付，正在确认');
          // the buyer sees a plain Chinese message; WeChat's code and the technical detail go in `details`
          const message = error.outcome === 'unknown' ? '微信支付暂时无法下单，请稍后重试' : `微信支付下单失败（${error.code}）`;
          throw new UpstreamFailed(message, { code: error.code, outcome: error.outcome, detail: error.message });
        }
        throw error;
      }
      await this.orders.notePrepay(this.dataSource.manager, orderId, prepayId);
    }
    return { orderId, outTradeNo: order.out_trade_no, amount: order.paid_total, requestPayment: this.wechatPay.requestPaymentParams(prepayId) };
  }

  /** appid/mchid every callback and query must match (null when WeChat is not configured). */
  expectedMerchant(): { appid: string; mchid: string } | null {
    return this.wechat ? { appid: this.wechat.pay.appid, mchid: this.wechat.pay.mchid } : null;
  }
}
