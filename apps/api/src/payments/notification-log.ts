import type { EntityManager } from 'typeorm';

/** Results a redelivery evaluates again (nothing was applied: received only, or the order/refund did not fit yet). */
export const RETRYABLE = new Set(['received', 'unknown_order', 'unknown_refund', 'mismatch']);

/**
 * Records a verified callback by WeChat's notification id, inside the transaction that applies it.
 * Returns the result of an earlier delivery of the same id when there was one (a duplicate): the caller
 * answers success without touching anything. Concurrent duplicates queue on the primary key.
 */
export async function recordNotification(
  em: EntityManager,
  n: { id: string; eventType: string; resource: unknown; outTradeNo?: string; outRefundNo?: string },
): Promise<string | null> {
  const [row] = await em.query(
    `INSERT INTO wechat_pay_notification (notify_id, event_type, out_trade_no, out_refund_no, resource, result)
     VALUES ($1, $2, $3, $4, $5, 'received')
     ON CONFLICT (notify_id) DO UPDATE SET deliveries = wechat_pay_notification.deliveries + 1, last_seen_at = now()
     RETURNING result, deliveries`,
    [n.id, n.eventType, n.outTradeNo ?? null, n.outRefundNo ?? null, JSON.stringify(n.resource)],
  );
  // a redelivery of something that could not be applied (unknown order, mismatch) is evaluated again
  return row.deliveries > 1 && !RETRYABLE.has(row.result) ? row.result : null;
}

export async function setNotificationResult(em: EntityManager, notifyId: string | undefined, result: string): Promise<void> {
  if (notifyId) await em.query('UPDATE wechat_pay_notification SET result = $2 WHERE notify_id = $1', [notifyId, result]);
}
