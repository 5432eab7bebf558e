import type { EntityManager } from 'typeorm';
import { returnStock } from '../catalog/stock-return.js';
import type { EventsService } from '../events/events.service.js';
import {
  type OrderCompletedEvent,
  type OrderEventHeader,
  OrderEvents,
  type OrderPaidEvent,
  type OrderReceivedEvent,
  type OrderRefundedEvent,
} from './order-events.js';
import type { OrderRow, RefundRow } from './order.rows.js';

/** Puts an unpaid order's reserved stock back (cancel, close). Call in the transaction that ended the order. */
export async function releaseReservedStock(em: EntityManager, orderId: number): Promise<void> {
  const lines = await em.query<Array<{ skuId: number; quantity: number }>>('SELECT sku_id AS "skuId", quantity FROM order_item WHERE order_id = $1', [orderId]);
  await returnStock(em, lines);
}

/** Common fields of every order event (see docs/events.md). */
function orderHeader(o: OrderRow): OrderEventHeader {
  return {
    orderId: o.id,
    outTradeNo: o.out_trade_no,
    merchantId: o.merchant_id,
    shopId: o.shop_id,
    distributorUserId: o.distributor_user_id,
    buyerUserId: o.buyer_user_id,
  };
}

export type PaidItem = { id: number; order_id: number; product_id: number; sku_id: number; quantity: number; paid_amount: number };

function orderPaidPayload(order: OrderRow, items: PaidItem[], transactionId: string): OrderPaidEvent {
  return {
    ...orderHeader(order),
    transactionId,
    itemsTotal: order.items_total,
    discountTotal: order.discount_total,
    shippingFee: order.shipping_fee,
    paidTotal: order.paid_total,
    paidAt: new Date(order.paid_at!).toISOString(),
    items: items.map((i) => ({ orderItemId: i.id, productId: i.product_id, skuId: i.sku_id, quantity: i.quantity, paidAmount: i.paid_amount })),
  };
}

const PAID_ITEMS_SQL = 'SELECT id, order_id, product_id, sku_id, quantity, paid_amount FROM order_item WHERE order_id = ANY($1) ORDER BY order_id, id';

/** The lines of these orders, in the order `order.paid` lists them. */
export function paidItems(em: EntityManager, orderIds: number[]): Promise<PaidItem[]> {
  return em.query<PaidItem[]>(PAID_ITEMS_SQL, [orderIds]);
}

/** `order.paid` for orders just paid; each order row carries the `transaction_id` it was paid with. `items`: their lines, when already read. */
export async function publishOrdersPaid(em: EntityManager, events: EventsService, orders: OrderRow[], items?: PaidItem[]): Promise<void> {
  if (orders.length === 0) return;
  items ??= await paidItems(
    em,
    orders.map((o) => o.id),
  );
  const byOrder = new Map<number, PaidItem[]>();
  for (const i of items) byOrder.set(i.order_id, [...(byOrder.get(i.order_id) ?? []), i]);
  await events.publishMany(
    em,
    OrderEvents.paid,
    orders.map((o) => ({ aggregate: { type: 'order', id: o.id }, payload: orderPaidPayload(o, byOrder.get(o.id) ?? [], o.transaction_id!) })),
  );
}

export async function publishOrderReceived(em: EntityManager, events: EventsService, order: OrderRow, auto: boolean): Promise<void> {
  const [m] = await em.query<Array<{ after_sale_days: number }>>('SELECT after_sale_days FROM merchant WHERE id = $1', [order.merchant_id]);
  const receivedAt = new Date(order.received_at!);
  await events.publish(em, OrderEvents.received, { type: 'order', id: order.id }, {
    ...orderHeader(order),
    receivedAt: receivedAt.toISOString(),
    auto,
    afterSaleDays: m.after_sale_days,
    afterSaleEndsAt: new Date(receivedAt.getTime() + m.after_sale_days * 86_400_000).toISOString(),
  } satisfies OrderReceivedEvent);
}

export async function publishOrderCompleted(em: EntityManager, events: EventsService, order: OrderRow): Promise<void> {
  await events.publish(em, OrderEvents.completed, { type: 'order', id: order.id }, {
    ...orderHeader(order),
    paidTotal: order.paid_total,
    refundedTotal: order.refunded_total,
    completedAt: new Date(order.completed_at!).toISOString(),
  } satisfies OrderCompletedEvent);
}

export async function publishOrderRefunded(
  em: EntityManager,
  events: EventsService,
  order: OrderRow,
  refund: Pick<RefundRow, 'id' | 'out_refund_no' | 'amount' | 'restock' | 'succeeded_at'>,
  items: Array<{ orderItemId: number; productId: number; skuId: number; quantity: number; refundAmount: number }>,
): Promise<void> {
  await events.publish(em, OrderEvents.refunded, { type: 'order', id: order.id }, {
    ...orderHeader(order),
    refundId: refund.id,
    outRefundNo: refund.out_refund_no,
    refundAmount: refund.amount,
    /** refundAmount minus the lines: the shipping fee part, if any */
    shippingRefund: refund.amount - items.reduce((s, i) => s + i.refundAmount, 0),
    orderRefundedTotal: order.refunded_total,
    fullyRefunded: order.status === 'refunded',
    restocked: refund.restock,
    succeededAt: new Date(refund.succeeded_at!).toISOString(),
    items,
  } satisfies OrderRefundedEvent);
}
