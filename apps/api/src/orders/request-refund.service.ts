import { Injectable } from '@nestjs/common';
import type { RefundView, RequestRefundBody } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { isUniqueViolation } from './place-order.service.js';
import { refundView } from './order.view.js';

/**
 * A buyer asks for money back: whole order or some lines, before or after shipping, until the merchant's
 * after-sale window (counted from receipt) ends. The merchant approves or rejects (payments module).
 * Line amounts: a partial quantity refunds floor(paid × q / quantity); the last unit of a line refunds
 * whatever is left of it, so a line never refunds more or less than was paid in total.
 */
@Injectable()
export class RequestRefundService {
  constructor(private readonly dataSource: DataSource) {}

  async request(buyerUserId: number, orderId: number, body: RequestRefundBody): Promise<RefundView> {
    return this.dataSource.transaction(async (em) => {
      const [order] = await em.query(
        `SELECT o.*, m.after_sale_days FROM "order" o JOIN merchant m ON m.id = o.merchant_id WHERE o.id = $1 AND o.buyer_user_id = $2 FOR UPDATE OF o`,
        [orderId, buyerUserId],
      );
      if (!order) throw notFound('订单');
      if (!['paid', 'shipped', 'received'].includes(order.status)) {
        throw conflict('ILLEGAL_TRANSITION', `订单当前状态为 ${order.status}，不能申请退款`, { from: order.status, event: 'requestRefund' });
      }
      if (order.status === 'received' && new Date(order.received_at).getTime() + order.after_sale_days * 86_400_000 <= Date.now()) {
        throw conflict('AFTER_SALE_EXPIRED', '已超过售后期');
      }
      const items: any[] = await em.query('SELECT * FROM order_item WHERE order_id = $1 ORDER BY id', [orderId]);
      const wanted = body.items ?? items.filter((i) => i.quantity > i.refunded_quantity).map((i) => ({ orderItemId: i.id, quantity: i.quantity - i.refunded_quantity }));
      const seen = new Set<number>();
      const lines = wanted.map((w, index) => {
        const item = items.find((i) => i.id === w.orderItemId);
        if (!item) throw badRequest(`items.${index}.orderItemId`, '不是该订单的商品');
        if (seen.has(item.id)) throw badRequest(`items.${index}.orderItemId`, '重复');
        seen.add(item.id);
        const remaining = item.quantity - item.refunded_quantity;
        if (w.quantity > remaining) throw badRequest(`items.${index}.quantity`, `超过可退数量（${remaining}）`);
        const amount = w.quantity === remaining ? item.paid_amount - item.refunded_amount : Math.floor((item.paid_amount * w.quantity) / item.quantity);
        return { item, quantity: w.quantity, amount, remainingAfter: remaining - w.quantity };
      });
      if (!lines.length) throw conflict('NOTHING_TO_REFUND', '没有可退款的商品');
      const linesAmount = lines.reduce((s, l) => s + l.amount, 0);
      // shipping goes back only when nothing is left and nothing was shipped
      const everythingRefunded = items.every((i) => {
        const line = lines.find((l) => l.item.id === i.id);
        return line ? line.remainingAfter === 0 : i.quantity === i.refunded_quantity;
      });
      const shipping = everythingRefunded && !order.shipped_at ? order.paid_total - order.refunded_total - linesAmount : 0;
      const amount = linesAmount + shipping;
      if (amount <= 0) throw conflict('NOTHING_TO_REFUND', '退款金额为 0');

      let refund: any;
      try {
        [refund] = await em.query(
          `INSERT INTO refund (order_id, merchant_id, buyer_user_id, kind, out_refund_no, transaction_id, status, amount, reason)
           VALUES ($1, $2, $3, 'buyer', business_no('R'), $4, 'requested', $5, $6) RETURNING *`,
          [orderId, order.merchant_id, buyerUserId, order.transaction_id, amount, body.reason],
        );
      } catch (error) {
        if (isUniqueViolation(error, 'refund_one_open')) throw conflict('REFUND_ALREADY_OPEN', '该订单已有处理中的退款申请');
        throw error;
      }
      for (const l of lines) {
        await em.query('INSERT INTO refund_item (refund_id, order_item_id, quantity, amount) VALUES ($1, $2, $3, $4)', [refund.id, l.item.id, l.quantity, l.amount]);
      }
      return refundView(refund, lines.map((l) => ({ order_item_id: l.item.id, quantity: l.quantity, amount: l.amount })));
    });
  }
}
