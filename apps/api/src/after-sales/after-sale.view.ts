import {
  AFTER_SALE_REASON_LABELS,
  AFTER_SALE_TYPE_LABELS,
  type AfterSaleReason,
  type AfterSaleTimelineEntry,
  type AfterSaleType,
  type AfterSaleView,
} from '@shareshop/common';
import type { EntityManager } from 'typeorm';
import type { AfterSaleSelectRow } from './after-sale.rows.js';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** after_sale rows with what the views need from the order, merchant and refund, in one statement. */
export const AFTER_SALE_SELECT = `SELECT a.*, o.out_trade_no, m.name AS merchant_name, r.out_refund_no, r.amount, r.status AS refund_status,
  r.decided_at AS refund_decided_at, r.succeeded_at AS refund_succeeded_at, r.failed_at AS refund_failed_at
  FROM after_sale a JOIN "order" o ON o.id = a.order_id JOIN merchant m ON m.id = a.merchant_id JOIN refund r ON r.id = a.refund_id`;

/** Views of `rows` (from AFTER_SALE_SELECT), in their order, with their lines. */
export async function afterSaleViews(em: EntityManager, rows: AfterSaleSelectRow[]): Promise<AfterSaleView[]> {
  if (!rows.length) return [];
  const lines = await em.query<
    Array<{ refund_id: number; order_item_id: number; quantity: number; amount: number; title: string; spec_values: string[]; image: string | null }>
  >(
    `SELECT ri.refund_id, ri.order_item_id, ri.quantity, ri.amount, oi.title, oi.spec_values, oi.image
     FROM refund_item ri JOIN order_item oi ON oi.id = ri.order_item_id WHERE ri.refund_id = ANY($1) ORDER BY ri.order_item_id`,
    [rows.map((r) => r.refund_id)],
  );
  return rows.map((a) => ({
    id: a.id,
    orderId: a.order_id,
    outTradeNo: a.out_trade_no,
    refundId: a.refund_id,
    outRefundNo: a.out_refund_no,
    merchantId: a.merchant_id,
    merchantName: a.merchant_name,
    type: a.type,
    status: a.status,
    reason: a.reason,
    description: a.description,
    photos: a.photos,
    amount: a.amount,
    items: lines
      .filter((l) => l.refund_id === a.refund_id)
      .map((l) => ({ orderItemId: l.order_item_id, title: l.title, specValues: l.spec_values, image: l.image, quantity: l.quantity, amount: l.amount })),
    rejectReason: a.reject_reason,
    returnAddress: a.return_address,
    returnCarrier: a.return_carrier,
    returnTrackingNo: a.return_tracking_no,
    dueAt: iso(a.status === 'pending' ? a.reply_due_at : a.status === 'awaiting_return' ? a.return_due_at : a.status === 'returning' ? a.receive_due_at : null),
    createdAt: iso(a.created_at)!,
    timeline: afterSaleTimeline(a),
  }));
}

/** The progress page's steps, from the timestamps the request and its refund record; oldest first. */
export function afterSaleTimeline(a: AfterSaleSelectRow): AfterSaleTimelineEntry[] {
  const out: Array<AfterSaleTimelineEntry & { rank: number }> = [];
  const add = (kind: AfterSaleTimelineEntry['kind'], at: unknown, note: string | null = null) => {
    const when = iso(at as Date | string | null);
    if (when) out.push({ kind, at: when, note, rank: out.length });
  };
  add('requested', a.created_at, `${AFTER_SALE_TYPE_LABELS[a.type as AfterSaleType]} · ${AFTER_SALE_REASON_LABELS[a.reason as AfterSaleReason] ?? a.reason}`);
  if (a.status === 'rejected' && !a.return_rejected_at) add('rejected', a.decided_at, a.reject_reason);
  else add('approved', a.decided_at, a.decided_by ? null : '商家超时未处理，系统自动同意');
  add('return_shipped', a.return_shipped_at, a.return_carrier ? `${a.return_carrier} ${a.return_tracking_no}` : null);
  add('return_received', a.return_received_at, a.received_by ? null : '商家超时未确认，系统自动确认收货');
  add('rejected', a.return_rejected_at, a.reject_reason);
  add('refund_submitted', a.refund_decided_at && a.status !== 'rejected' ? a.refund_decided_at : null, '退款已提交微信支付');
  add('refunded', a.refund_succeeded_at, '已原路退回');
  add('refund_failed', a.refund_failed_at);
  add('cancelled', a.cancelled_at, '买家已撤销申请');
  add('closed', a.closed_at, '买家超时未寄回商品，申请已关闭');
  out.sort((x, y) => x.at.localeCompare(y.at) || x.rank - y.rank);
  return out.map(({ rank: _rank, ...entry }) => entry);
}
