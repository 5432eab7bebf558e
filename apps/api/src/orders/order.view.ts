import type { OrderView, RefundView } from '@shareshop/common';
import type { EntityManager } from 'typeorm';
import { orderTimeline } from './order-timeline.js';
import type { OrderItemRow, OrderWithMerchantRow, RefundItemRow, RefundRow } from './order.rows.js';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function refundView(r: RefundRow, items: Array<Pick<RefundItemRow, 'order_item_id' | 'quantity' | 'amount'>>): RefundView {
  return {
    id: r.id,
    orderId: r.order_id,
    outRefundNo: r.out_refund_no,
    kind: r.kind,
    status: r.status,
    amount: r.amount,
    reason: r.reason,
    rejectReason: r.reject_reason,
    items: items.map((i) => ({ orderItemId: i.order_item_id, quantity: i.quantity, amount: i.amount })),
    createdAt: iso(r.created_at)!,
    decidedAt: iso(r.decided_at),
    succeededAt: iso(r.succeeded_at),
  };
}

/** Orders with lines and refunds, in four queries, in the order of `ids`. */
export async function loadOrderViews(em: EntityManager, ids: number[]): Promise<OrderView[]> {
  if (!ids.length) return [];
  const orders = await em.query<OrderWithMerchantRow[]>(
    'SELECT o.*, m.name AS merchant_name FROM "order" o JOIN merchant m ON m.id = o.merchant_id WHERE o.id = ANY($1)',
    [ids],
  );
  const items = await em.query<OrderItemRow[]>('SELECT * FROM order_item WHERE order_id = ANY($1) ORDER BY id', [ids]);
  const refunds = await em.query<RefundRow[]>('SELECT * FROM refund WHERE order_id = ANY($1) ORDER BY id', [ids]);
  const refundItems = refunds.length ? await em.query<RefundItemRow[]>('SELECT * FROM refund_item WHERE refund_id = ANY($1)', [refunds.map((r) => r.id)]) : [];
  const group = <T>(rows: T[], key: (r: T) => number) => {
    const map = new Map<number, T[]>();
    for (const r of rows) map.set(key(r), [...(map.get(key(r)) ?? []), r]);
    return map;
  };
  const itemsByOrder = group(items, (i) => i.order_id);
  const refundsByOrder = group(refunds, (r) => r.order_id);
  const itemsByRefund = group(refundItems, (r) => r.refund_id);
  const byId = new Map<number, OrderView>();
  for (const o of orders) byId.set(o.id, orderView(o, itemsByOrder.get(o.id) ?? [], refundsByOrder.get(o.id) ?? [], itemsByRefund));
  return ids.map((id) => byId.get(id)).filter((o): o is OrderView => !!o);
}

/**
 * One order's view from its rows: `o` is an "order" row with `merchant_name`, `items` its order_item rows
 * (by id), `refunds` its refund rows (by id) and `itemsByRefund` their refund_item rows.
 */
export function orderView(
  o: OrderWithMerchantRow,
  items: OrderItemRow[],
  refunds: RefundRow[],
  itemsByRefund: Map<number, RefundItemRow[]> = new Map(),
): OrderView {
  return {
    id: o.id,
    outTradeNo: o.out_trade_no,
    status: o.status,
    buyerUserId: o.buyer_user_id,
    merchantId: o.merchant_id,
    merchantName: o.merchant_name,
    shopId: o.shop_id,
    distributorUserId: o.distributor_user_id,
    itemsTotal: o.items_total,
    discountTotal: o.discount_total,
    shippingFee: o.shipping_fee,
    paidTotal: o.paid_total,
    refundedTotal: o.refunded_total,
    address: o.address,
    remark: o.remark,
    carrier: o.carrier,
    trackingNo: o.tracking_no,
    items: items.map((i) => ({
      id: i.id,
      productId: i.product_id,
      skuId: i.sku_id,
      title: i.title,
      specValues: i.spec_values,
      image: i.image,
      unitPrice: i.unit_price,
      quantity: i.quantity,
      itemsAmount: i.items_amount,
      discountAmount: i.discount_amount,
      paidAmount: i.paid_amount,
      refundedQuantity: i.refunded_quantity,
      refundedAmount: i.refunded_amount,
    })),
    refunds: refunds.map((r) => refundView(r, itemsByRefund.get(r.id) ?? [])),
    createdAt: iso(o.created_at)!,
    expiresAt: iso(o.expires_at)!,
    paidAt: iso(o.paid_at),
    shippedAt: iso(o.shipped_at),
    receivedAt: iso(o.received_at),
    completedAt: iso(o.completed_at),
    closedAt: iso(o.closed_at ?? o.cancelled_at),
    timeline: orderTimeline(o, refunds),
  };
}
