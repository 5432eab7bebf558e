import type { EntityManager } from 'typeorm';

/**
 * Results a redelivery evaluates again: nothing was applied (`received`: recorded, waiting for the applier;
 * `failed`: the applier gave up on it; the order/refund did not fit yet).
 */
export const RETRYABLE = new Set(['received', 'unknown_order', 'unknown_refund', 'mismatch', 'failed']);

/** One verified callback to record: `deliveries` copies of it arrived together; `result` is `received` unless already decided. */
export interface NotificationRecord {
  id: string;
  eventType: string;
  resource: unknown;
  outTradeNo?: string | null;
  outRefundNo?: string | null;
  deliveries?: number;
  result?: string;
}

/**
 * The one writer of `wechat_pay_notification` rows, keyed by WeChat's notification id, for any number of
 * callbacks in one statement (the payment inbox's group commit; the refund path's batch of one). Every
 * delivery is counted. A redelivery of a notification not applied yet (RETRYABLE) takes the new delivery's
 * resource and result, so it is evaluated again; one already decided keeps its row and comes back `decided`:
 * the caller answers success without touching anything. Concurrent duplicates queue on the primary key.
 */
export async function recordNotifications(em: EntityManager, records: NotificationRecord[]): Promise<Map<string, { result: string; decided: boolean }>> {
  const rows = await em.query<Array<{ notify_id: string; result: string }>>(
    `INSERT INTO wechat_pay_notification AS w (notify_id, event_type, out_trade_no, out_refund_no, resource, result, deliveries)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::int[]) ORDER BY 1 -- one lock order for concurrent batches
     ON CONFLICT (notify_id) DO UPDATE SET deliveries = w.deliveries + EXCLUDED.deliveries, last_seen_at = now(),
       resource = CASE WHEN w.result = ANY($8::text[]) THEN EXCLUDED.resource ELSE w.resource END,
       result = CASE WHEN w.result = ANY($8::text[]) THEN EXCLUDED.result ELSE w.result END
     RETURNING notify_id, result`,
    [
      records.map((r) => r.id),
      records.map((r) => r.eventType),
      records.map((r) => r.outTradeNo ?? null),
      records.map((r) => r.outRefundNo ?? null),
      records.map((r) => JSON.stringify(r.resource)),
      records.map((r) => r.result ?? 'received'),
      records.map((r) => r.deliveries ?? 1),
      [...RETRYABLE],
    ],
  );
  return new Map(rows.map((r) => [r.notify_id, { result: r.result, decided: !RETRYABLE.has(r.result) }]));
}

/**
 * Records one callback inside the transaction that applies it (the refund path, and payments applied without
 * the inbox). Returns the result of an earlier delivery when the notification was already decided.
 */
export async function recordNotification(em: EntityManager, n: NotificationRecord): Promise<string | null> {
  const recorded = (await recordNotifications(em, [n])).get(n.id)!;
  return recorded.decided ? recorded.result : null;
}

/** Stores the decisions for notifications still `received` (a decision is made once; a redelivery then answers without work). */
export async function setNotificationResults(em: EntityManager, decisions: Array<{ id: string; result: string }>): Promise<void> {
  if (decisions.length === 0) return;
  await em.query(
    `UPDATE wechat_pay_notification n SET result = v.r FROM unnest($1::text[], $2::text[]) AS v(id, r) WHERE n.notify_id = v.id AND n.result = 'received'`,
    [decisions.map((d) => d.id), decisions.map((d) => d.result)],
  );
}

export async function setNotificationResult(em: EntityManager, notifyId: string | undefined, result: string): Promise<void> {
  if (notifyId) await setNotificationResults(em, [{ id: notifyId, result }]);
}
