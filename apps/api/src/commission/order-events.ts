import type { EntityManager } from 'typeorm';

/**
 * The commerce module's order events (apps/api/docs/events.md), normalised for the commission consumers.
 * Field names are read tolerantly and missing lines are read from order_item, so a payload change on the
 * commerce side degrades to a database read instead of a silent zero commission.
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
  /** per order line; null when the event gives only the total (then split by paid amount) */
  lines: { orderItemId: number; amount: number }[] | null;
}

type Raw = Record<string, any>;
const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

export async function paidOrderFrom(em: EntityManager, raw: Raw): Promise<PaidOrder> {
  const orderId = num(raw.orderId)!;
  let lines: PaidOrder['lines'] | undefined = Array.isArray(raw.lines ?? raw.items)
    ? (raw.lines ?? raw.items).map((l: Raw) => ({
        orderItemId: num(l.orderItemId ?? l.id)!,
        productId: num(l.productId),
        paidAmount: num(l.paidAmount)!,
      }))
    : undefined;
  if (!lines || lines.some((l) => l.orderItemId === null || l.paidAmount === null)) {
    const rows = await em.query('SELECT id, product_id, paid_amount FROM order_item WHERE order_id = $1 ORDER BY id', [orderId]);
    lines = rows.map((r: Raw) => ({ orderItemId: r.id, productId: r.product_id, paidAmount: Number(r.paid_amount) }));
  }
  return {
    orderId,
    merchantId: num(raw.merchantId)!,
    shopId: num(raw.shopId),
    distributorUserId: num(raw.distributorUserId ?? raw.distributorId),
    buyerUserId: num(raw.buyerUserId ?? raw.buyerId),
    paidAt: raw.paidAt ? new Date(raw.paidAt) : new Date(),
    lines: lines!,
  };
}

export function orderRefundFrom(raw: Raw, eventId: number): OrderRefund {
  const lines = Array.isArray(raw.lines ?? raw.items)
    ? (raw.lines ?? raw.items).map((l: Raw) => ({ orderItemId: num(l.orderItemId ?? l.id)!, amount: num(l.refundAmount ?? l.amount)! }))
    : null;
  const refundId = raw.refundId ?? raw.outRefundNo;
  return {
    orderId: num(raw.orderId)!,
    refundKey: refundId !== undefined ? `refund:${refundId}` : `event:${eventId}`,
    refundAmount: num(raw.refundAmount ?? raw.amount) ?? (lines ?? []).reduce((s: number, l: { amount: number }) => s + l.amount, 0),
    occurredAt: raw.succeededAt ? new Date(raw.succeededAt) : new Date(),
    lines,
  };
}
