import type { EntityManager } from 'typeorm';
import { applyRefundTransition } from '../orders/order.machine.js';
import { applyAfterSaleTransition } from './after-sale.machine.js';

/**
 * The steps where an after-sale and its refund move together, in the caller's transaction. Shared by the
 * people (after-sales.service.ts), the deadline job (after-sale-deadlines.service.ts) and the payments module
 * (refund results), and importing nothing but the two state machines, so payments can use it without a cycle.
 */

/** Approves a refund-only request (merchant, or the deadline job with `userId` null); returns the refund to submit. */
export async function approveRefundOnly(
  em: EntityManager,
  id: number,
  merchantId: number | null,
  userId: number | null,
  event: 'approve' | 'approveWithoutReturn' = 'approve',
): Promise<number> {
  const a = await applyAfterSaleTransition(em, id, event, {
    ...(merchantId ? { owner: { column: 'merchant_id' as const, id: merchantId } } : {}),
    set: { decided_by: userId },
  });
  await applyRefundTransition(em, a.refund_id, 'approve', { set: { decided_by: userId } });
  return a.refund_id;
}

/** The merchant (or, `userId` null, the deadline job) has the parcel: the refund is approved; returns it to submit. */
export async function receiveReturn(em: EntityManager, id: number, userId: number | null, merchantId: number | null): Promise<number> {
  const a = await applyAfterSaleTransition(em, id, 'receiveReturn', {
    ...(merchantId ? { owner: { column: 'merchant_id' as const, id: merchantId } } : {}),
    set: { received_by: userId },
  });
  await applyRefundTransition(em, a.refund_id, 'approve', { set: { decided_by: userId } });
  return a.refund_id;
}

/**
 * A refund's final result moves its after-sale (if it has one), in the result's transaction: called by the
 * payments module where it applies refund results. The refund was `processing`, so its request is `refunding`.
 */
export async function afterSaleFollowsRefund(em: EntityManager, refundId: number, outcome: 'succeeded' | 'failed'): Promise<void> {
  const [a] = await em.query<Array<{ id: number }>>('SELECT id FROM after_sale WHERE refund_id = $1', [refundId]);
  if (a) await applyAfterSaleTransition(em, a.id, outcome === 'succeeded' ? 'refundSucceeded' : 'refundFailed');
}
