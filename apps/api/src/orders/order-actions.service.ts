import { Injectable } from '@nestjs/common';
import type { OrderView, ShipOrderBody } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { EventsService } from '../events/events.service.js';
import { Conflict } from '../domain/errors.js';
import { PaymentCheck } from '../payments/payment-check.service.js';
import { releaseReservedStock, publishOrderReceived } from './order-effects.js';
import { applyOrderTransition } from './order.machine.js';
import type { OrderRow, RefundRow } from './order.rows.js';
import { loadOrderViews } from './order.view.js';

/** Buyer: cancel an unpaid order, confirm receipt. Merchant: ship (never while a refund is open). Each is one guarded transition. */
@Injectable()
export class OrderActionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly payment: PaymentCheck,
  ) {}

  async cancel(buyerUserId: number, orderId: number): Promise<OrderView> {
    const [order] = await this.dataSource.query<Array<Pick<OrderRow, 'out_trade_no' | 'prepay_id' | 'status'>>>(
      `SELECT out_trade_no, prepay_id, status FROM "order" WHERE id = $1 AND buyer_user_id = $2`,
      [orderId, buyerUserId],
    );
    // The payment sheet may have been paid a moment ago: ask WeChat (and close its side) before cancelling.
    if (order?.status === 'created' && order.prepay_id && (await this.payment.beforeClose({ id: orderId, outTradeNo: order.out_trade_no })) === 'paid') {
      throw new Conflict('ALREADY_PAID', '订单已支付，不能取消');
    }
    await this.dataSource.transaction(async (em) => {
      await applyOrderTransition(em, orderId, 'cancel', { where: 'buyer_user_id = $1', whereValues: [buyerUserId] });
      await releaseReservedStock(em, orderId);
    });
    return this.view(orderId);
  }

  async confirmReceipt(buyerUserId: number, orderId: number): Promise<OrderView> {
    await this.dataSource.transaction(async (em) => {
      const order = await applyOrderTransition(em, orderId, 'receive', { where: 'buyer_user_id = $1', whereValues: [buyerUserId] });
      await publishOrderReceived(em, this.events, order, false);
    });
    return this.view(orderId);
  }

  /**
   * Not while a refund is open (requested or processing): the buyer may be getting the money back, and the
   * goods must stay in the warehouse until that is decided. The order row is locked first, the lock a refund
   * request takes, so a request committed a moment ago is seen and one arriving now waits for the shipment.
   */
  async ship(merchantId: number, orderId: number, body: ShipOrderBody): Promise<OrderView> {
    await this.dataSource.transaction(async (em) => {
      await em.query('SELECT id FROM "order" WHERE id = $1 AND merchant_id = $2 FOR UPDATE', [orderId, merchantId]);
      const [open] = await em.query<Array<Pick<RefundRow, 'id' | 'out_refund_no' | 'status'>>>(
        `SELECT id, out_refund_no, status FROM refund WHERE order_id = $1 AND status IN ('requested', 'processing') ORDER BY id LIMIT 1`,
        [orderId],
      );
      if (open) {
        throw new Conflict('REFUND_OPEN', `订单有未完成的退款（退款单号 ${open.out_refund_no}），退款处理完之前不能发货`, {
          refundId: open.id,
          outRefundNo: open.out_refund_no,
          refundStatus: open.status,
        });
      }
      await applyOrderTransition(em, orderId, 'ship', {
        set: { carrier: body.carrier, tracking_no: body.trackingNo },
        where: 'merchant_id = $1',
        whereValues: [merchantId],
      });
    });
    return this.view(orderId);
  }

  private async view(orderId: number): Promise<OrderView> {
    return (await loadOrderViews(this.dataSource.manager, [orderId]))[0]!;
  }
}
