import type { EntityManager } from 'typeorm';
import type { EventsService } from '../events/events.service.js';

/** Puts an unpaid order's reserved stock back (cancel, close). Call in the transaction that ended the order. */
export async function releaseReservedStock(em: EntityManager, orderId: number): Promise<void> {
  await em.query(
    `UPDATE sku SET stock = sku.stock + t.quantity FROM
       (SELECT sku_id, sum(quantity)::int AS quantity FROM order_item WHERE order_id = $1 GROUP BY sku_id) t
     WHERE sku.id = t.sku_id`,
    [orderId],
  );
}

/** Common fields of every order event (see docs/events.md). */
function orderHeader(o: any) {
  return {
    orderId: o.id,
    outTradeNo: o.out_trade_no,
    merchantId: o.merchant_id,
    shopId: o.shop_id,
    distributorUserId: o.distributor_user_id,
    buyerUserId: o.buyer_user_id,
  };
}

type PaidItem = { id: number; order_id: number; product_id: number; sku_id: number; quantity: number; paid_amount: number };

function orderPaidPayload(order: any, items: PaidItem[], transactionId: string) {
  return {
    ...orderHeader(order),
    transactionId,
    itemsTotal: order.items_total,
    discountTotal: order.discount_total,
    shippingFee: order.shipping_fee,
    paidTotal: order.paid_total,
    paidAt: new Date(order.paid_at).toISOString(),
    items: items.map((i) => ({ orderItemId: i.id, productId: i.product_id, skuId: i.sku_id, quantity: i.quantity, paidAmount: i.paid_amount })),
  };
}

const PAID_ITEMS_SQL = 'SELECT id, order_id, product_id, sku_id, quantity, paid_amount FROM order_item WHERE order_id = ANY($1) ORDER BY order_id, id';

/** `order.paid` for orders just paid; each order row carries the `transaction_id` it was paid with. */
export async function publishOrdersPaid(em: EntityManager, events: EventsService, orders: any[]): Promise<void> {
  if (orders.length === 0) return;
  const items: PaidItem[] = await em.query(PAID_ITEMS_SQL, [orders.map((o) => o.id)]);
  const byOrder = new Map<number, PaidItem[]>();
  for (const i of items) byOrder.set(i.order_id, [...(byOrder.get(i.order_id) ?? []), i]);
  await events.publishMany(
    em,
    'order.paid',
    orders.map((o) => ({ aggregate: { type: 'order', id: o.id }, payload: orderPaidPayload(o, byOrder.get(o.id) ?? [], o.transaction_id) })),
  );
}

export async function publishOrderReceived(em: EntityManager, events: EventsService, order: any, auto: boolean): Promise<void> {
  const [m] = await em.query('SELECT after_sale_days FROM merchant WHERE id = $1', [order.merchant_id]);
  const receivedAt = new Date(order.received_at);
  await events.publish(
    em,
    'order.received',
    { type: 'order', id: order.id },
    {
      ...orderHeader(order),
      receivedAt: receivedAt.toISOString(),
      auto,
      afterSaleDays: m.after_sale_days,
      afterSaleEndsAt: new Date(receivedAt.getTime() + m.after_sale_days * 86_400_000).toISOString(),
    },
  );
}

export async function publishOrderCompleted(em: EntityManager, events: EventsService, order: any): Promise<void> {
  await events.publish(
    em,
    'order.completed',
    { type: 'order', id: order.id },
    {
      ...orderHeader(order),
      paidTotal: order.paid_total,
      refundedTotal: order.refunded_total,
      completedAt: new Date(order.completed_at).toISOString(),
    },
  );
}

export async function publishOrderRefunded(
  em: EntityManager,
  events: EventsService,
  order: any,
  refund: any,
  items: Array<{ orderItemId: number; productId: number; skuId: number; quantity: number; refundAmount: number }>,
): Promise<void> {
  await events.publish(
    em,
    'order.refunded',
    { type: 'order', id: order.id },
    {
      ...orderHeader(order),
      refundId: refund.id,
      outRefundNo: refund.out_refund_no,
      refundAmount: refund.amount,
      /** refundAmount minus the lines: the shipping fee part, if any */
      shippingRefund: refund.amount - items.reduce((s, i) => s + i.refundAmount, 0),
      orderRefundedTotal: order.refunded_total,
      fullyRefunded: order.status === 'refunded',
      restocked: refund.restock,
      succeededAt: new Date(refund.succeeded_at).toISOString(),
      items,
    },
  );
}
