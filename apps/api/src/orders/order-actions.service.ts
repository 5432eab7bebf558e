import { Injectable } from '@nestjs/common';
import type { OrderView, ShipOrderBody } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { EventsService } from '../events/events.service.js';
import { conflict } from '../http/errors.js';
import { OrderHooks } from './order-hooks.js';
import { releaseReservedStock, publishOrderReceived } from './order-effects.js';
import { applyOrderTransition } from './order.machine.js';
import { loadOrderViews } from './order.view.js';

/** Buyer: cancel an unpaid order, confirm receipt. Merchant: ship. Each is one guarded transition. */
@Injectable()
export class OrderActionsService {
  constructor(private readonly dataSource: DataSource, private readonly events: EventsService, private readonly hooks: OrderHooks) {}

  async cancel(buyerUserId: number, orderId: number): Promise<OrderView> {
    const [order] = await this.dataSource.query(`SELECT out_trade_no, prepay_id, status FROM "order" WHERE id = $1 AND buyer_user_id = $2`, [orderId, buyerUserId]);
    // The payment sheet may have been paid a moment ago: ask WeChat (and close its side) before cancelling.
    if (order?.status === 'created' && order.prepay_id && (await this.hooks.beforeClose({ id: orderId, outTradeNo: order.out_trade_no })) === 'paid') {
      throw conflict('ALREADY_PAID', '订单已支付，不能取消');
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

  async ship(merchantId: number, orderId: number, body: ShipOrderBody): Promise<OrderView> {
    await this.dataSource.transaction((em) =>
      applyOrderTransition(em, orderId, 'ship', { set: { carrier: body.carrier, tracking_no: body.trackingNo }, where: 'merchant_id = $1', whereValues: [merchantId] }),
    );
    return this.view(orderId);
  }

  private async view(orderId: number): Promise<OrderView> {
    return (await loadOrderViews(this.dataSource.manager, [orderId]))[0]!;
  }
}
