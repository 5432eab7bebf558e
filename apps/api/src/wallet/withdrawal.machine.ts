import type { WithdrawalStatus } from '@shareshop/common';
import type { EntityManager } from 'typeorm';
import { applyTransition, type ConditionalUpdate, nextState, tryTransition } from '../domain/transitions.js';
import type { WithdrawalRow } from './withdrawal.rows.js';

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
  return nextState<WithdrawalStatus>(WITHDRAWAL_TRANSITIONS, from, event);
}

/** A final state settles the withdrawal (the held amount is paid out or given back). */
const SETTLES: readonly WithdrawalStatus[] = ['succeeded', 'failed', 'cancelled'];

function update(id: number, event: WithdrawalEvent, set: Record<string, unknown>): ConditionalUpdate {
  const t = WITHDRAWAL_TRANSITIONS[event];
  return { table: 'withdrawal', key: { id }, from: t.from, to: t.to, stamps: SETTLES.includes(t.to) ? ['settled_at'] : [], set };
}

/** Returns the updated row, or null when the row is in a state the event does not apply to (quietly: duplicates). */
export function tryWithdrawalTransition(
  em: EntityManager,
  id: number,
  event: WithdrawalEvent,
  set: Record<string, unknown> = {},
): Promise<WithdrawalRow | null> {
  return tryTransition<WithdrawalRow>(em, update(id, event, set));
}

/** Like tryWithdrawalTransition, but an illegal transition is a 409 ILLEGAL_TRANSITION. */
export function applyWithdrawalTransition(em: EntityManager, id: number, event: WithdrawalEvent, set: Record<string, unknown> = {}): Promise<WithdrawalRow> {
  return applyTransition<WithdrawalRow>(em, update(id, event, set), { noun: '提现单', event, allowedFrom: false });
}
