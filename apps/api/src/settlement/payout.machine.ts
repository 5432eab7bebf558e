import type { EntityManager } from 'typeorm';
import { conflict } from '../http/errors.js';

export type PayoutStatus = 'created' | 'processing' | 'awaiting_manual' | 'succeeded' | 'failed';

/**
 * created → processing (profit sharing sent, result is asynchronous) → succeeded | awaiting_manual (a part
 * beyond the profit sharing cap is left to pay by hand) ; created → awaiting_manual (manual merchants);
 * awaiting_manual → succeeded (an admin marked it paid). failed is final: the amount is carried forward.
 */
export const PAYOUT_TRANSITIONS: Record<PayoutStatus, PayoutStatus[]> = {
  created: ['processing', 'awaiting_manual', 'succeeded', 'failed'],
  processing: ['succeeded', 'awaiting_manual', 'failed'],
  awaiting_manual: ['succeeded'],
  succeeded: [],
  failed: [],
};

export function canMovePayout(from: PayoutStatus, to: PayoutStatus): boolean {
  return PAYOUT_TRANSITIONS[from].includes(to);
}

/** Returns false when the payout was no longer at `from` (someone else moved it first). */
export async function movePayout(em: EntityManager, id: number, from: PayoutStatus, to: PayoutStatus, set: Record<string, unknown> = {}): Promise<boolean> {
  if (!canMovePayout(from, to)) throw conflict('ILLEGAL_TRANSITION', `打款单不能从 ${from} 变为 ${to}`);
  const cols = Object.keys(set);
  const [, count] = await em.query(
    `UPDATE payout SET status = $2, updated_at = now()${to === 'succeeded' ? ', succeeded_at = now()' : ''}${cols.map((c, i) => `, ${c} = $${i + 4}`).join('')}
     WHERE id = $1 AND status = $3`,
    [id, to, from, ...cols.map((c) => set[c])],
  );
  return count === 1;
}
