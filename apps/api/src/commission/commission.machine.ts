import type { CommissionStatus } from '@shareshop/common';
import type { EntityManager } from 'typeorm';
import { conflict, notFound } from '../http/errors.js';

/**
 * The commission state machine, as data. Money moves with each transition (ledger postings by the caller,
 * in the same transaction); the conditional UPDATE makes a release racing a refund apply exactly once.
 *
 *   pending ──release──▶ available          (receipt + after-sale window, or order completed)
 *      │                    │
 *      └──reverseAll──▶ reversed ◀──reverseAll──┘   (refunds took back the whole amount)
 *
 * A partial refund stays in the same state and raises `reversed_amount` (event `reversePart`).
 * Withdrawals work on the wallet balance, not on single commissions, so there is no `withdrawn` state.
 */
export const COMMISSION_TRANSITIONS = {
  release: { from: ['pending'], to: 'available' },
  reversePart: { from: ['pending', 'available'], to: null },
  reverseAll: { from: ['pending', 'available'], to: 'reversed' },
} as const satisfies Record<string, { from: readonly CommissionStatus[]; to: CommissionStatus | null }>;
export type CommissionEvent = keyof typeof COMMISSION_TRANSITIONS;

/** The state an event leads to from `from` (the same state for a partial reversal), or null if refused. */
export function commissionNext(from: CommissionStatus, event: CommissionEvent): CommissionStatus | null {
  const t = COMMISSION_TRANSITIONS[event];
  if (!(t.from as readonly string[]).includes(from)) return null;
  return t.to ?? from;
}

/** Applies `event` to commission `id` with extra assignments; 409 ILLEGAL_TRANSITION from another state. */
export async function applyCommissionTransition(em: EntityManager, id: number, event: CommissionEvent, set: Record<string, unknown> = {}): Promise<any> {
  const t = COMMISSION_TRANSITIONS[event];
  const values: unknown[] = [id, t.from];
  const sets = ['updated_at = now()'];
  if (t.to) {
    values.push(t.to);
    sets.push(`status = $${values.length}`);
  }
  for (const [column, value] of Object.entries(set)) {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  }
  const [rows] = await em.query(`UPDATE commission SET ${sets.join(', ')} WHERE id = $1 AND status = ANY($2::text[]) RETURNING *`, values);
  if (rows.length) return rows[0];
  const [current] = await em.query('SELECT status FROM commission WHERE id = $1', [id]);
  if (!current) throw notFound('佣金记录');
  throw conflict('ILLEGAL_TRANSITION', `佣金当前状态为 ${current.status}，不能执行 ${event}`, { from: current.status, event, allowedFrom: t.from });
}
