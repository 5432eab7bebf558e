import type { OrderStatus, RefundStatus } from '@shareshop/common';
import type { EntityManager } from 'typeorm';
import { conflict, notFound } from '../http/errors.js';

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
  const table: Record<string, { from: readonly string[]; to: string }> = machine === 'order' ? ORDER_TRANSITIONS : REFUND_TRANSITIONS;
  const t = table[event];
  return t && t.from.includes(from) ? t.to : null;
}

export interface TransitionOptions {
  /** extra `column = value` assignments made in the same UPDATE */
  set?: Record<string, unknown>;
  /** extra WHERE condition (e.g. ownership) with its values; use $-placeholders numbered after the built-in ones */
  where?: string;
  whereValues?: unknown[];
}

export function applyOrderTransition(em: EntityManager, orderId: number, event: OrderEvent, options: TransitionOptions = {}) {
  const t = ORDER_TRANSITIONS[event];
  return apply(em, '"order"', '订单', orderId, event, t.from, t.to, ORDER_STAMP[t.to], true, options);
}

export function applyRefundTransition(em: EntityManager, refundId: number, event: RefundEvent, options: TransitionOptions = {}) {
  const t = REFUND_TRANSITIONS[event];
  return apply(em, 'refund', '退款', refundId, event, t.from, t.to, REFUND_STAMP[t.to], false, options);
}

/**
 * `applyOrderTransition` for many orders in one statement (the batched payment callback path). `set` gives
 * per-order column values, aligned with `ids` (column → [postgres array type, values]). Returns the rows that
 * moved; an id in another state is left out, and the caller decides what that means.
 */
export async function applyOrderTransitionMany(
  em: EntityManager,
  ids: number[],
  event: OrderEvent,
  set: Record<string, { type: string; values: unknown[] }> = {},
): Promise<any[]> {
  if (ids.length === 0) return [];
  const t = ORDER_TRANSITIONS[event];
  const stamp = ORDER_STAMP[t.to];
  const columns = Object.keys(set);
  const values: unknown[] = [ids, t.from, t.to, ...columns.map((c) => set[c].values)];
  const sets = ['status = $3', 'updated_at = now()', ...(stamp ? [`${stamp} = now()`] : []), ...columns.map((c) => `${c} = v.${c}`)];
  const unnest = ['$1::bigint[]', ...columns.map((c, i) => `$${i + 4}::${set[c].type}[]`)].join(', ');
  const [rows] = await em.query(
    `UPDATE "order" o SET ${sets.join(', ')} FROM unnest(${unnest}) AS v(id${columns.map((c) => `, ${c}`).join('')})
     WHERE o.id = v.id AND o.status = ANY($2::text[]) RETURNING o.*`,
    values,
  );
  return rows;
}

/**
 * Returns the updated row. Not found (or filtered out by `where`) → 404; found in another state → 409
 * ILLEGAL_TRANSITION naming the current state and the event.
 */
async function apply(
  em: EntityManager,
  table: string,
  noun: string,
  id: number,
  event: string,
  from: readonly string[],
  to: string,
  stamp: string | undefined,
  hasUpdatedAt: boolean,
  options: TransitionOptions,
): Promise<any> {
  const values: unknown[] = [id, from, to];
  const sets = ['status = $3'];
  if (stamp) sets.push(`${stamp} = now()`);
  if (hasUpdatedAt) sets.push('updated_at = now()');
  for (const [column, value] of Object.entries(options.set ?? {})) {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  }
  const extraValues = options.whereValues ?? [];
  const extra = (offset: number) => (options.where ? ` AND (${renumber(options.where, offset)})` : '');
  const [rows] = await em.query(`UPDATE ${table} SET ${sets.join(', ')} WHERE id = $1 AND status = ANY($2::text[])${extra(values.length)} RETURNING *`, [
    ...values,
    ...extraValues,
  ]);
  if (rows.length) return rows[0];
  const [current] = await em.query(`SELECT status FROM ${table} WHERE id = $1${extra(1)}`, [id, ...extraValues]);
  if (!current) throw notFound(noun);
  throw conflict('ILLEGAL_TRANSITION', `${noun}当前状态为 ${current.status}，不能执行 ${event}`, { from: current.status, event, allowedFrom: from });
}

/** `$1, $2` in a caller's condition become `$n+1, $n+2` after the built-in parameters. */
function renumber(condition: string, offset: number): string {
  return condition.replace(/\$(\d+)/g, (_m, n) => `$${Number(n) + offset}`);
}
