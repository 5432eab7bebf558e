import type { EntityManager } from 'typeorm';
import { Conflict, Invalid, NotFound } from '../domain/errors.js';
import { isUniqueViolation } from './place-order.service.js';
import type { OrderItemRow, OrderRow, RefundRow } from './order.rows.js';

/** The buyer's order with its merchant's after-sale window (days after receipt). */
export type RefundableOrderRow = OrderRow & { after_sale_days: number };

export interface RefundLineWanted {
  orderItemId: number;
  quantity: number;
}

export interface RefundQuote {
  lines: Array<{ item: OrderItemRow; quantity: number; amount: number; remainingAfter: number }>;
  linesAmount: number;
  /** shipping goes back only when nothing is left and nothing was shipped */
  shipping: number;
  amount: number;
}

/**
 * The buyer's order, locked (the `ship` transition takes the same lock, so a request and a shipment never slip
 * past each other), if a refund may be asked now: paid/shipped/received, within the merchant's after-sale
 * window after receipt. Another buyer's order is a 404.
 */
export async function lockRefundableOrder(em: EntityManager, buyerUserId: number, orderId: number, event = 'requestRefund'): Promise<RefundableOrderRow> {
  const [order] = await em.query<RefundableOrderRow[]>(
    `SELECT o.*, m.after_sale_days FROM "order" o JOIN merchant m ON m.id = o.merchant_id WHERE o.id = $1 AND o.buyer_user_id = $2 FOR UPDATE OF o`,
    [orderId, buyerUserId],
  );
  if (!order) throw new NotFound('订单');
  if (!['paid', 'shipped', 'received'].includes(order.status)) {
    throw new Conflict('ILLEGAL_TRANSITION', `订单当前状态为 ${order.status}，不能申请退款`, { from: order.status, event });
  }
  if (order.status === 'received' && new Date(order.received_at!).getTime() + order.after_sale_days * 86_400_000 <= Date.now()) {
    throw new Conflict('AFTER_SALE_EXPIRED', '已超过售后期');
  }
  return order;
}

/**
 * What `wanted` (default: everything still refundable) gives back, to the fen. Each line refunds what that line
 * actually paid: a partial quantity refunds floor(paid × q / quantity); the last units of a line refund whatever
 * is left of it, so a line never returns more or less than it paid in total, and the order never more than
 * its paid total across all requests. Bad lines are a 400 naming `items.N.<field>`.
 */
export function quoteRefund(
  order: Pick<OrderRow, 'shipped_at' | 'paid_total' | 'refunded_total'>,
  items: OrderItemRow[],
  wanted?: RefundLineWanted[],
): RefundQuote {
  const asked = wanted ?? items.filter((i) => i.quantity > i.refunded_quantity).map((i) => ({ orderItemId: i.id, quantity: i.quantity - i.refunded_quantity }));
  const seen = new Set<number>();
  const lines = asked.map((w, index) => {
    const item = items.find((i) => i.id === w.orderItemId);
    if (!item) throw new Invalid(`items.${index}.orderItemId`, '不是该订单的商品');
    if (seen.has(item.id)) throw new Invalid(`items.${index}.orderItemId`, '重复');
    seen.add(item.id);
    const remaining = item.quantity - item.refunded_quantity;
    if (w.quantity > remaining) throw new Invalid(`items.${index}.quantity`, `超过可退数量（${remaining}）`);
    const amount = w.quantity === remaining ? item.paid_amount - item.refunded_amount : Math.floor((item.paid_amount * w.quantity) / item.quantity);
    return { item, quantity: w.quantity, amount, remainingAfter: remaining - w.quantity };
  });
  const linesAmount = lines.reduce((s, l) => s + l.amount, 0);
  const everythingRefunded = items.every((i) => {
    const line = lines.find((l) => l.item.id === i.id);
    return line ? line.remainingAfter === 0 : i.quantity === i.refunded_quantity;
  });
  const shipping = lines.length && everythingRefunded && !order.shipped_at ? order.paid_total - order.refunded_total - linesAmount : 0;
  return { lines, linesAmount, shipping, amount: linesAmount + shipping };
}

/** Records the buyer's refund (`requested`) and its lines; a second open request for the order is a 409. */
export async function insertRequestedRefund(em: EntityManager, order: OrderRow, buyerUserId: number, quote: RefundQuote, reason: string): Promise<RefundRow> {
  if (!quote.lines.length) throw new Conflict('NOTHING_TO_REFUND', '没有可退款的商品');
  if (quote.amount <= 0) throw new Conflict('NOTHING_TO_REFUND', '退款金额为 0');
  // the cap across all requests, checked rather than assumed
  if (quote.amount > order.paid_total - order.refunded_total) throw new Conflict('REFUND_EXCEEDS_PAID', '退款金额超过订单剩余可退金额');
  let refund: RefundRow;
  try {
    [refund] = await em.query<RefundRow[]>(
      `INSERT INTO refund (order_id, merchant_id, buyer_user_id, kind, out_refund_no, transaction_id, status, amount, reason)
       VALUES ($1, $2, $3, 'buyer', business_no('R'), $4, 'requested', $5, $6) RETURNING *`,
      [order.id, order.merchant_id, buyerUserId, order.transaction_id, quote.amount, reason],
    );
  } catch (error) {
    if (isUniqueViolation(error, 'refund_one_open')) throw new Conflict('REFUND_ALREADY_OPEN', '该订单已有处理中的退款申请');
    throw error;
  }
  for (const l of quote.lines) {
    await em.query('INSERT INTO refund_item (refund_id, order_item_id, quantity, amount) VALUES ($1, $2, $3, $4)', [
      refund.id,
      l.item.id,
      l.quantity,
      l.amount,
    ]);
  }
  return refund;
}
