import type { OrderStatus, RefundStatus } from '@shareshop/common';
import type { EntityManager } from 'typeorm';
import { applyTransition, nextState, tryTransitionMany } from '../domain/transitions.js';
import type { OrderRow, RefundRow } from './order.rows.js';

/**
 * The order and refund state machines, as data. Every status change in the code base goes through
 * `applyTransition`, a conditional `UPDATE ... WHERE status = ANY(from)`: of two concurrent callers
 * (a notify and its duplicate, a buyer cancel racing the auto-close) exactly one sees a row.
 *
 *   created ──pay──▶ paid ──ship──▶ shipped ──receive──▶ received ──complete──▶ completed
 *      │ cancel / close                │  refundAll (paid, shipped, received) ──▶ refunded
 *      ▼                               ▼
 *   cancelled / closed (stock released)
 */
export const ORDER_TRANSITIONS = {
  pay: { from: ['created'], to: 'paid' },
  cancel: { from: ['created'], to: 'cancelled' },
  close: { from: ['created'], to: 'closed' },
  ship: { from: ['paid'], to: 'shipped' },
  receive: { from: ['shipped'], to: 'received' },
  complete: { from: ['received'], to: 'completed' },
  /** the last line was refunded in full */
  refundAll: { from: ['paid', 'shipped', 'received'], to: 'refunded' },
} as const satisfies Record<string, { from: readonly OrderStatus[]; to: OrderStatus }>;
export type OrderEvent = keyof typeof ORDER_TRANSITIONS;

/** The timestamp column each target state stamps. */
const ORDER_STAMP: Partial<Record<OrderStatus, string>> = {
  paid: 'paid_at',
  cancelled: 'cancelled_at',
  closed: 'closed_at',
  shipped: 'shipped_at',
  received: 'received_at',
  completed: 'completed_at',
  refunded: 'refunded_at',
};

/**
 * requested ──approve──▶ processing ──succeed──▶ succeeded
 *     └──reject──▶ rejected          └──fail──▶ failed (WeChat closed the refund; the buyer may ask again)
 *     └──withdraw──▶ cancelled (its after-sale request was withdrawn or closed)
 * Automatic refunds (payment for a closed order) start in `processing`.
 */
export const REFUND_TRANSITIONS = {
  approve: { from: ['requested'], to: 'processing' },
  reject: { from: ['requested'], to: 'rejected' },
  succeed: { from: ['processing'], to: 'succeeded' },
  fail: { from: ['processing'], to: 'failed' },
  /** the after-sale around it was withdrawn by the buyer or closed (return never shipped): after-sale.machine.ts */
  withdraw: { from: ['requested'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly RefundStatus[]; to: RefundStatus }>;
export type RefundEvent = keyof typeof REFUND_TRANSITIONS;

const REFUND_STAMP: Partial<Record<RefundStatus, string>> = {
  processing: 'decided_at',
  rejected: 'decided_at',
  succeeded: 'succeeded_at',
  failed: 'failed_at',
  cancelled: 'cancelled_at',
};

export function canTransition(machine: 'order' | 'refund', from: string, event: string): string | null {
  return nextState<string>(machine === 'order' ? ORDER_TRANSITIONS : REFUND_TRANSITIONS, from, event);
}

export interface TransitionOptions {
  /** extra `column = value` assignments made in the same UPDATE */
  set?: Record<string, unknown>;
  /** extra WHERE condition (e.g. ownership) with its values, numbered from `$1` on its own */
  where?: string;
  whereValues?: unknown[];
}

/**
 * Returns the updated row. Not found (or filtered out by `where`) → 404; found in another state → 409
 * ILLEGAL_TRANSITION naming the current state and the event.
 */
export function applyOrderTransition(em: EntityManager, orderId: number, event: OrderEvent, options: TransitionOptions = {}): Promise<OrderRow> {
  const t = ORDER_TRANSITIONS[event];
  const stamp = ORDER_STAMP[t.to];
  return applyTransition(
    em,
    { table: '"order"', key: { id: orderId }, from: t.from, to: t.to, stamps: stamp ? [stamp] : [], ...options },
    { noun: '订单', event },
  );
}

export function applyRefundTransition(em: EntityManager, refundId: number, event: RefundEvent, options: TransitionOptions = {}): Promise<RefundRow> {
  const t = REFUND_TRANSITIONS[event];
  const stamp = REFUND_STAMP[t.to];
  return applyTransition(
    em,
    { table: 'refund', key: { id: refundId }, from: t.from, to: t.to, stamps: stamp ? [stamp] : [], updatedAt: false, ...options },
    { noun: '退款', event },
  );
}

/**
 * `applyOrderTransition` for many orders in one statement (the batched payment callback path). `set` gives
 * per-order column values, aligned with `ids` (column → [postgres array type, values]). Returns the rows that
 * moved; an id in another state is left out, and the caller decides what that means.
 */
export function applyOrderTransitionMany(
  em: EntityManager,
  ids: number[],
  event: OrderEvent,
  set: Record<string, { type: string; values: unknown[] }> = {},
): Promise<OrderRow[]> {
  const t = ORDER_TRANSITIONS[event];
  const stamp = ORDER_STAMP[t.to];
  return tryTransitionMany(em, { table: '"order"', ids, from: t.from, to: t.to, stamps: stamp ? [stamp] : [], set });
}
