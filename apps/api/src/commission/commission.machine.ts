import type { CommissionStatus } from '@shareshop/common';
import type { EntityManager } from 'typeorm';
import { applyTransition, nextState } from '../domain/transitions.js';
import type { CommissionRow } from './commission.rows.js';

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
  return nextState<CommissionStatus>(COMMISSION_TRANSITIONS, from, event);
}

/** Applies `event` to commission `id` with extra assignments; 409 ILLEGAL_TRANSITION from another state. */
export function applyCommissionTransition(em: EntityManager, id: number, event: CommissionEvent, set: Record<string, unknown> = {}): Promise<CommissionRow> {
  const t = COMMISSION_TRANSITIONS[event];
  return applyTransition(em, { table: 'commission', key: { id }, from: t.from, to: t.to, set }, { noun: '佣金', missing: '佣金记录', event });
}
