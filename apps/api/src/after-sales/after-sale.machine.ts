import type { AfterSaleStatus, AfterSaleType } from '@shareshop/common';
import type { EntityManager } from 'typeorm';
import { applyTransition, nextState } from '../domain/transitions.js';
import type { AfterSaleRow } from './after-sale.rows.js';

/**
 * The after-sale request's state machine, as data (docs/orders.md "After-sales").
 *
 *   pending ──approve (refund_only)──────────────────────────────────────────▶ refunding ──refundSucceeded──▶ completed
 *      │    ──approveReturn (return_refund)──▶ awaiting_return ──shipReturn──▶ returning ──receiveReturn──▶ refunding
 *      │                                          │ close (buyer too late)         (merchant or timeout)        └─refundFailed──▶ refund_failed
 *      ├──reject──▶ rejected                      ▼            returning ──rejectReturn (merchant, with a reason)──▶ rejected
 *      └──cancel (buyer; also from awaiting_return)──▶ cancelled      closed
 *
 * `type` is a guard: an event written for one kind of request never moves the other. Every change is one
 * conditional UPDATE (`WHERE id = $1 AND status = ANY(from) [AND type = ...]`), so the merchant, the buyer and
 * the deadline job racing for one request cannot both win: the loser gets 409 ILLEGAL_TRANSITION.
 */
export const AFTER_SALE_TRANSITIONS = {
  approve: { from: ['pending'], to: 'refunding', type: 'refund_only' },
  approveReturn: { from: ['pending'], to: 'awaiting_return', type: 'return_refund' },
  /** the deadline job, for a return whose merchant did not answer and has no return address: the buyer keeps the goods */
  approveWithoutReturn: { from: ['pending'], to: 'refunding', type: 'return_refund' },
  reject: { from: ['pending'], to: 'rejected' },
  cancel: { from: ['pending', 'awaiting_return'], to: 'cancelled' },
  shipReturn: { from: ['awaiting_return'], to: 'returning', type: 'return_refund' },
  close: { from: ['awaiting_return'], to: 'closed', type: 'return_refund' },
  receiveReturn: { from: ['returning'], to: 'refunding', type: 'return_refund' },
  /** the merchant refuses a return on its way back (never arrived, arrived empty or not as described), with a reason */
  rejectReturn: { from: ['returning'], to: 'rejected', type: 'return_refund' },
  refundSucceeded: { from: ['refunding'], to: 'completed' },
  refundFailed: { from: ['refunding'], to: 'refund_failed' },
} as const satisfies Record<string, { from: readonly AfterSaleStatus[]; to: AfterSaleStatus; type?: AfterSaleType }>;
export type AfterSaleEvent = keyof typeof AFTER_SALE_TRANSITIONS;

/** The timestamp each event stamps (several events can reach one state, so by event, not by state). */
const STAMP: Record<AfterSaleEvent, string> = {
  approve: 'decided_at',
  approveReturn: 'decided_at',
  approveWithoutReturn: 'decided_at',
  reject: 'decided_at',
  cancel: 'cancelled_at',
  shipReturn: 'return_shipped_at',
  close: 'closed_at',
  receiveReturn: 'return_received_at',
  rejectReturn: 'return_rejected_at',
  refundSucceeded: 'completed_at',
  refundFailed: 'refund_failed_at',
};

/** The state `event` leads to from `from` for a request of `type`, or null when it is refused. */
export function afterSaleNext(from: string, event: string, type: AfterSaleType): AfterSaleStatus | null {
  const to = nextState<AfterSaleStatus>(AFTER_SALE_TRANSITIONS, from, event);
  const guard: AfterSaleType | undefined = to ? (AFTER_SALE_TRANSITIONS as Record<string, { type?: AfterSaleType }>)[event].type : undefined;
  return guard && guard !== type ? null : to;
}

export interface AfterSaleTransitionOptions {
  /** extra `column = value` assignments made in the same UPDATE */
  set?: Record<string, unknown>;
  /** who may act: `buyer_user_id = $1` or `merchant_id = $1` with its value */
  owner?: { column: 'buyer_user_id' | 'merchant_id'; id: number };
}

/**
 * Applies `event` to one request and returns the updated row. Not visible to the caller → 404; visible in
 * another state (or of the other type) → 409 ILLEGAL_TRANSITION naming the current state and the event.
 */
export function applyAfterSaleTransition(
  em: EntityManager,
  id: number,
  event: AfterSaleEvent,
  options: AfterSaleTransitionOptions = {},
): Promise<AfterSaleRow> {
  const t: { from: readonly AfterSaleStatus[]; to: AfterSaleStatus; type?: AfterSaleType } = AFTER_SALE_TRANSITIONS[event];
  const owner = options.owner;
  return applyTransition(
    em,
    {
      table: 'after_sale',
      key: { id },
      from: t.from,
      to: t.to,
      stamps: [STAMP[event]],
      set: options.set,
      only: t.type ? { type: t.type } : undefined,
      ...(owner && { where: `${owner.column} = $1`, whereValues: [owner.id] }),
    },
    { noun: '售后申请', event, show: ['type'] },
  );
}
