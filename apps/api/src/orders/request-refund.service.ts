import { Injectable } from '@nestjs/common';
import type { RefundView, RequestRefundBody } from '@shareshop/common';
import { DataSource } from 'typeorm';
import type { OrderItemRow } from './order.rows.js';
import { refundView } from './order.view.js';
import { insertRequestedRefund, lockRefundableOrder, quoteRefund } from './refund-quote.js';

/**
 * A buyer asks for money back: whole order or some lines, before or after shipping, until the merchant's
 * after-sale window (counted from receipt) ends. The merchant approves or rejects (payments module).
 * Amounts: refund-quote.ts. The mini program asks through after-sales (after-sales/), which wraps the same refund.
 */
@Injectable()
export class RequestRefundService {
  constructor(private readonly dataSource: DataSource) {}

  async request(buyerUserId: number, orderId: number, body: RequestRefundBody): Promise<RefundView> {
    return this.dataSource.transaction(async (em) => {
      const order = await lockRefundableOrder(em, buyerUserId, orderId);
      const items = await em.query<OrderItemRow[]>('SELECT * FROM order_item WHERE order_id = $1 ORDER BY id', [orderId]);
      const quote = quoteRefund(order, items, body.items);
      const refund = await insertRequestedRefund(em, order, buyerUserId, quote, body.reason);
      return refundView(
        refund,
        quote.lines.map((l) => ({ order_item_id: l.item.id, quantity: l.quantity, amount: l.amount })),
      );
    });
  }
}
