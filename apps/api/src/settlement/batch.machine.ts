import type { SettlementBatchStatus } from '@shareshop/common';
import type { EntityManager } from 'typeorm';
import { IllegalTransition } from '../domain/errors.js';
import { tryTransition } from '../domain/transitions.js';

/**
 * A settlement batch walks its steps in order; each step commits its results together with the move to
 * the next status, so a crash leaves the batch at the last finished step and a rerun resumes there.
 */
export const BATCH_STEPS: Record<SettlementBatchStatus, { next: SettlementBatchStatus | null; stampColumn: string | null }> = {
  pending: { next: 'downloaded', stampColumn: null }, // step 1: download + store the trade bill
  downloaded: { next: 'reconciled', stampColumn: 'downloaded_at' }, // step 2: reconcile bill <-> ledger
  reconciled: { next: 'stated', stampColumn: 'reconciled_at' }, // step 3: statements
  stated: { next: 'finished', stampColumn: 'stated_at' }, // step 4: payouts sent
  finished: { next: null, stampColumn: 'finished_at' },
};

export function canMove(from: SettlementBatchStatus, to: SettlementBatchStatus): boolean {
  return BATCH_STEPS[from].next === to;
}

/**
 * Conditional move: only a batch still at `from` moves, so a second runner can never apply a step twice.
 * Stamps use clock_timestamp(): a rerun walks several steps in one transaction, and each keeps its own time.
 */
export async function moveBatch(
  em: EntityManager,
  id: number,
  from: SettlementBatchStatus,
  to: SettlementBatchStatus,
  set: Record<string, unknown> = {},
): Promise<void> {
  if (!canMove(from, to)) throw new IllegalTransition(`结算批次不能从 ${from} 变为 ${to}`);
  const stamp = BATCH_STEPS[to].stampColumn;
  const moved = await tryTransition(em, {
    table: 'settlement_batch',
    key: { id },
    from: [from],
    to,
    stamps: stamp ? [stamp] : [],
    clock: 'clock_timestamp()',
    set: { last_error: null, ...set },
    returning: 'id',
  });
  if (!moved) throw new IllegalTransition(`结算批次 ${id} 已不在 ${from} 状态`);
}
