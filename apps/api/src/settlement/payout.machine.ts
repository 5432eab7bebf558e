import type { EntityManager } from 'typeorm';
import { assertMove, canMoveIn, tryTransition } from '../domain/transitions.js';

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
  return canMoveIn(PAYOUT_TRANSITIONS, from, to);
}

/** Returns false when the payout was no longer at `from` (someone else moved it first). */
export async function movePayout(em: EntityManager, id: number, from: PayoutStatus, to: PayoutStatus, set: Record<string, unknown> = {}): Promise<boolean> {
  assertMove(PAYOUT_TRANSITIONS, '打款单', from, to);
  const stamps = to === 'succeeded' ? ['succeeded_at'] : [];
  return (await tryTransition(em, { table: 'payout', key: { id }, from: [from], to, stamps, set, returning: 'id' })) !== null;
}
