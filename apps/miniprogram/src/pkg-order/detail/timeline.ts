/** Chinese lines for the order timeline entries of the API's OrderView (see @shareshop/common). */
import { formatFen } from '@shareshop/common';
import type { OrderTimelineEntry, OrderTimelineKind } from '../../api/types';

export const TIMELINE_TITLE: Record<OrderTimelineKind, string> = {
  placed: '提交订单',
  paid: '支付成功',
  shipped: '商家已发货',
  received: '确认收货',
  completed: '交易完成',
  cancelled: '订单已取消',
  closed: '超时未支付，订单已关闭',
  refund_requested: '申请退款',
  refund_rejected: '商家拒绝退款',
  refund_approved: '商家同意退款',
  refund_succeeded: '退款成功，已原路退回',
  refund_failed: '退款失败',
  refunded: '订单已全额退款',
};

export function timelineDetail(e: OrderTimelineEntry): string | null {
  const amount = e.amount === null ? null : formatFen(e.amount);
  switch (e.kind) {
    case 'paid':
      return amount && `实付 ${amount}`;
    case 'shipped':
      return e.note && `物流 ${e.note}`;
    case 'refund_requested':
      return [amount && `退款 ${amount}`, e.note && `原因：${e.note}`].filter(Boolean).join(' · ') || null;
    case 'refund_rejected':
      return e.note && `拒绝原因：${e.note}`;
    case 'refund_succeeded':
    case 'refunded':
      return amount;
    default:
      return null;
  }
}

/** Newest first, as buyers read order tracking. */
export function timelineLines(entries: OrderTimelineEntry[]): Array<{ key: string; title: string; detail: string | null; at: string }> {
  return entries
    .map((e, i) => ({ key: `${e.kind}-${e.refundId ?? ''}-${i}`, title: TIMELINE_TITLE[e.kind] ?? e.kind, detail: timelineDetail(e), at: e.at }))
    .reverse();
}
