import type { WithdrawalStatus } from '@shareshop/common';
import type { EntityManager } from 'typeorm';
import { conflict, notFound } from '../http/errors.js';

/**
 * The withdrawal state machine, as data. Transitions follow the WeChat transfer bill's state (from the
 * create answer, a query or the MCHTRANSFER.BILL.FINISHED notify, whichever comes first); the conditional
 * UPDATE makes the first one win and the duplicates no-ops.
 *
 *   created ──waitConfirm──▶ wait_user_confirm ──transfer──▶ transferring ──succeed──▶ succeeded
 *      │                          │                             │
 *      └──fail / cancel───────────┴────────fail─────────────────┘──▶ failed / cancelled (money returned)
 *
 * `created` means the amount is held and the bill may or may not exist at WeChat yet (unclear answer):
 * it is only ever resolved by querying the same out_bill_no, never by creating a second bill.
 */
export const WITHDRAWAL_TRANSITIONS = {
  waitConfirm: { from: ['created'], to: 'wait_user_confirm' },
  transfer: { from: ['created', 'wait_user_confirm'], to: 'transferring' },
  succeed: { from: ['created', 'wait_user_confirm', 'transferring'], to: 'succeeded' },
  fail: { from: ['created', 'wait_user_confirm', 'transferring'], to: 'failed' },
  cancel: { from: ['created', 'wait_user_confirm'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly WithdrawalStatus[]; to: WithdrawalStatus }>;
export type WithdrawalEvent = keyof typeof WITHDRAWAL_TRANSITIONS;

export const OPEN_WITHDRAWAL_STATES: readonly WithdrawalStatus[] = ['created', 'wait_user_confirm', 'transferring'];

export function withdrawalNext(from: WithdrawalStatus, event: WithdrawalEvent): WithdrawalStatus | null {
  const t = WITHDRAWAL_TRANSITIONS[event];
  return (t.from as readonly string[]).includes(from) ? t.to : null;
}

/** Returns the updated row, or null when the row is in a state the event does not apply to (quietly: duplicates). */
export async function tryWithdrawalTransition(em: EntityManager, id: number, event: WithdrawalEvent, set: Record<string, unknown> = {}): Promise<any | null> {
  const t = WITHDRAWAL_TRANSITIONS[event];
  const values: unknown[] = [id, t.from, t.to];
  const sets = ['status = $3', 'updated_at = now()'];
  if (t.to === 'succeeded' || t.to === 'failed' || t.to === 'cancelled') sets.push('settled_at = now()');
  for (const [column, value] of Object.entries(set)) {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  }
  const [rows] = await em.query(`UPDATE withdrawal SET ${sets.join(', ')} WHERE id = $1 AND status = ANY($2::text[]) RETURNING *`, values);
  return rows[0] ?? null;
}

/** Like tryWithdrawalTransition, but an illegal transition is a 409 ILLEGAL_TRANSITION. */
export async function applyWithdrawalTransition(em: EntityManager, id: number, event: WithdrawalEvent, set: Record<string, unknown> = {}): Promise<any> {
  const row = await tryWithdrawalTransition(em, id, event, set);
  if (row) return row;
  const [current] = await em.query('SELECT status FROM withdrawal WHERE id = $1', [id]);
  if (!current) throw notFound('提现单');
  throw conflict('ILLEGAL_TRANSITION', `提现单当前状态为 ${current.status}，不能执行 ${event}`, { from: current.status, event });
}
