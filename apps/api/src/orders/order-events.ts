/**
 * The order events orders publishes (docs/events.md): the payload types are the contract, built only by
 * order-effects.ts and imported by subscribers, which read them as they are (no re-parsing, no fallbacks).
 *
 * Rows written before these types existed have exactly these shapes: every version of order-effects.ts
 * since the first wrote `items[]` with `orderItemId`/`paidAmount` (paid) and `refundAmount` (refunded),
 * the same header, and ids/fen as JSON numbers (bigint columns parse to numbers since the foundation).
 */
export const OrderEvents = {
  paid: 'order.paid',
  received: 'order.received',
  completed: 'order.completed',
  refunded: 'order.refunded',
} as const;

/** Common fields of every order event. */
export interface OrderEventHeader {
  orderId: number;
  outTradeNo: string;
  merchantId: number;
  shopId: number | null;
  /** who earns level-1 commission; null: nobody */
  distributorUserId: number | null;
  buyerUserId: number;
}

export interface OrderPaidItem {
  orderItemId: number;
  productId: number;
  skuId: number;
  quantity: number;
  /** what was paid for the line after discounts, excluding shipping: the commission base */
  paidAmount: number;
}

export interface OrderPaidEvent extends OrderEventHeader {
  transactionId: string;
  itemsTotal: number;
  discountTotal: number;
  shippingFee: number;
  paidTotal: number;
  /** ISO 8601 */
  paidAt: string;
  items: OrderPaidItem[];
}

export interface OrderReceivedEvent extends OrderEventHeader {
  /** ISO 8601 */
  receivedAt: string;
  /** true when the auto-receive sweep confirmed it */
  auto: boolean;
  afterSaleDays: number;
  afterSaleEndsAt: string;
}

export interface OrderCompletedEvent extends OrderEventHeader {
  paidTotal: number;
  refundedTotal: number;
  completedAt: string;
}

export interface OrderRefundedItem {
  orderItemId: number;
  productId: number;
  skuId: number;
  quantity: number;
  refundAmount: number;
}

export interface OrderRefundedEvent extends OrderEventHeader {
  refundId: number;
  outRefundNo: string;
  /** Σ items[].refundAmount + shippingRefund */
  refundAmount: number;
  shippingRefund: number;
  orderRefundedTotal: number;
  fullyRefunded: boolean;
  restocked: boolean;
  /** ISO 8601: when WeChat completed the refund */
  succeededAt: string;
  items: OrderRefundedItem[];
}

/** Event type → payload, for typed subscriptions. */
export interface OrderEventPayloads {
  'order.paid': OrderPaidEvent;
  'order.received': OrderReceivedEvent;
  'order.completed': OrderCompletedEvent;
  'order.refunded': OrderRefundedEvent;
}
