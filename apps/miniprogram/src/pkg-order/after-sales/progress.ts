import { AFTER_SALE_STATUS_LABELS, type AfterSaleStatus, type AfterSaleTimelineEntry, type AfterSaleView } from '@shareshop/common';
import { formatDateTime } from '../../utils/format';

export const afterSaleStatusText = (s: AfterSaleStatus) => AFTER_SALE_STATUS_LABELS[s] ?? s;

/** What the buyer should know now, with the deadline of whoever must act (the deadline job acts after it). */
export function buyerHint(a: Pick<AfterSaleView, 'status' | 'dueAt' | 'rejectReason' | 'type'>): string {
  const due = a.dueAt ? formatDateTime(a.dueAt) : '';
  switch (a.status) {
    case 'pending':
      return due ? `等待商家处理，商家需在 ${due} 前处理，超时将自动同意` : '等待商家处理';
    case 'awaiting_return':
      return due ? `商家已同意，请在 ${due} 前寄回商品并填写退货单号，超时申请将关闭` : '商家已同意，请寄回商品';
    case 'returning':
      return due ? `等待商家收货，商家需在 ${due} 前确认，超时将自动退款` : '等待商家收货';
    case 'refunding':
      return '退款已提交微信支付，将原路退回';
    case 'completed':
      return '退款已原路退回你的付款账户';
    case 'rejected':
      return `商家拒绝了申请：${a.rejectReason ?? ''}`;
    case 'cancelled':
      return '你已撤销此申请';
    case 'closed':
      return '超时未寄回商品，申请已关闭';
    case 'refund_failed':
      return '微信支付未能完成退款，可重新申请';
    default:
      return '';
  }
}

const STEP_TITLES: Record<AfterSaleTimelineEntry['kind'], string> = {
  requested: '提交申请',
  approved: '商家同意',
  rejected: '商家拒绝',
  return_shipped: '买家已寄回',
  return_received: '商家已收货',
  refund_submitted: '退款处理中',
  refunded: '退款成功',
  refund_failed: '退款失败',
  cancelled: '申请已撤销',
  closed: '申请已关闭',
};

/** Newest first, as the progress page shows it. */
export function progressSteps(entries: AfterSaleTimelineEntry[]) {
  return [...entries].reverse().map((e, i) => ({ key: `${e.kind}-${i}`, title: STEP_TITLES[e.kind] ?? e.kind, detail: e.note, at: e.at }));
}
