import type { OrderPaidEvent, OrderRefundedEvent } from '../orders/order-events.js';

/**
 * What the commission use cases take from orders' typed events (orders/order-events.ts): the same facts,
 * with times as Dates and the refund named once. No field is guessed: the payload types are the contract.
 */
export interface PaidOrder {
  orderId: number;
  merchantId: number;
  shopId: number | null;
  distributorUserId: number | null;
  buyerUserId: number | null;
  paidAt: Date;
  lines: { orderItemId: number; productId: number | null; paidAmount: number }[];
}

export interface OrderRefund {
  orderId: number;
  /** names the refund once: 'refund:<id>' */
  refundKey: string;
  refundAmount: number;
  /** when WeChat completed the refund (dates the reversal posting like the refund's own) */
  occurredAt: Date;
  /** per order line (the shipping part of a refund is in no line) */
  lines: { orderItemId: number; amount: number }[];
}

export function paidOrderOf(e: OrderPaidEvent): PaidOrder {
  return {
    orderId: e.orderId,
    merchantId: e.merchantId,
    shopId: e.shopId,
    distributorUserId: e.distributorUserId,
    buyerUserId: e.buyerUserId,
    paidAt: new Date(e.paidAt),
    lines: e.items.map((i) => ({ orderItemId: i.orderItemId, productId: i.productId, paidAmount: i.paidAmount })),
  };
}

export function orderRefundOf(e: OrderRefundedEvent): OrderRefund {
  return {
    orderId: e.orderId,
    refundKey: `refund:${e.refundId}`,
    refundAmount: e.refundAmount,
    occurredAt: new Date(e.succeededAt),
    lines: e.items.map((i) => ({ orderItemId: i.orderItemId, amount: i.refundAmount })),
  };
}
