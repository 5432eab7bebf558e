import type { OrderTimelineEntry } from '@shareshop/common';
import type { OrderRow, RefundRow } from './order.rows.js';

type TimelineOrder = Pick<
  OrderRow,
  | 'created_at'
  | 'paid_at'
  | 'paid_total'
  | 'shipped_at'
  | 'carrier'
  | 'tracking_no'
  | 'received_at'
  | 'completed_at'
  | 'cancelled_at'
  | 'closed_at'
  | 'refunded_at'
  | 'refunded_total'
>;
type TimelineRefund = Pick<RefundRow, 'id' | 'amount' | 'reason' | 'created_at' | 'decided_at' | 'succeeded_at' | 'failed_at'> & {
  kind: string;
  status: string;
  reject_reason?: string | null;
};

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/**
 * An order's timeline from what is already recorded: the order's own timestamps and, per refund, its
 * request, decision and result times. `o` is an "order" row, `refunds` its refund rows. Oldest first; on
 * equal times the lifecycle order below wins (e.g. a refund's request before its automatic approval).
 */
export function orderTimeline(o: TimelineOrder, refunds: TimelineRefund[]): OrderTimelineEntry[] {
  const out: Array<OrderTimelineEntry & { rank: number }> = [];
  const add = (kind: OrderTimelineEntry['kind'], at: unknown, extra: Partial<OrderTimelineEntry> = {}) => {
    const when = iso(at as Date | string | null);
    if (when) out.push({ kind, at: when, refundId: null, amount: null, note: null, ...extra, rank: out.length });
  };
  add('placed', o.created_at);
  add('paid', o.paid_at, { amount: o.paid_at ? Number(o.paid_total) : null });
  add('shipped', o.shipped_at, { note: o.carrier ? `${o.carrier} ${o.tracking_no ?? ''}`.trim() : null });
  add('received', o.received_at);
  for (const r of refunds) {
    const refund = { refundId: Number(r.id), amount: Number(r.amount) };
    // an automatic refund (payment for a closed order) was never requested or decided by anyone
    if (r.kind === 'buyer') {
      add('refund_requested', r.created_at, { ...refund, note: r.reason || null });
      if (r.status === 'rejected') add('refund_rejected', r.decided_at, { ...refund, note: r.reject_reason || null });
      else add('refund_approved', r.decided_at, refund);
    }
    add('refund_succeeded', r.succeeded_at, refund);
    add('refund_failed', r.failed_at, refund);
  }
  add('completed', o.completed_at);
  add('cancelled', o.cancelled_at);
  add('closed', o.closed_at);
  add('refunded', o.refunded_at, { amount: o.refunded_at ? Number(o.refunded_total) : null });
  out.sort((a, b) => a.at.localeCompare(b.at) || a.rank - b.rank);
  return out.map(({ rank: _rank, ...entry }) => entry);
}
