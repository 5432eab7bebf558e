import type { EntityManager } from 'typeorm';
import { assertMove, canMoveIn, tryTransition } from '../domain/transitions.js';

/**
 * One profit sharing part of a payout (one WeChat profit sharing order per transaction, see
 * profit-sharing.gateway.ts). An attempt is one out_order_no: `created` (fixed, maybe unknown to WeChat) →
 * `processing` (WeChat accepted it) → `finished` (the receiver got the money). When WeChat closes an attempt
 * (receiver result CLOSED) or refuses it for good, the part either waits in `retry_wait` and comes back as
 * `created` with the next attempt's out_order_no, or ends `failed` (its amount is then paid by hand). An
 * attempt is only replaced after WeChat said it failed, so no two attempts of a part can both pay.
 */
export type PartStatus = 'created' | 'processing' | 'finished' | 'retry_wait' | 'failed';

export const PART_TRANSITIONS: Record<PartStatus, PartStatus[]> = {
  created: ['processing', 'finished', 'retry_wait', 'failed'],
  processing: ['finished', 'retry_wait', 'failed'],
  retry_wait: ['created'],
  finished: [],
  failed: [],
};

export const isFinalPart = (s: PartStatus): boolean => PART_TRANSITIONS[s].length === 0;

export function canMovePart(from: PartStatus, to: PartStatus): boolean {
  return canMoveIn(PART_TRANSITIONS, from, to);
}

/**
 * What a failed attempt leads to, by WeChat's receiver fail_reason (or the code of a request it refused),
 * following its 分账失败处理指引: `retry` after a backoff (the cause may be lifted: a restricted or unverified
 * account, a payer-side restriction); `readd_receiver` then retry (the relation was removed); `manual` at
 * once (WeChat says not to retry a high-risk receiver; a monthly receipt limit outlasts any backoff; our fixed
 * description or request would be refused again). Anything not listed is retried.
 */
export const PART_FAILURE_POLICY: Record<string, 'retry' | 'readd_receiver' | 'manual'> = {
  ACCOUNT_ABNORMAL: 'retry',
  RECEIVER_REAL_NAME_NOT_VERIFIED: 'retry',
  PAYER_ACCOUNT_ABNORMAL: 'retry',
  NO_AUTH: 'retry',
  NO_RELATION: 'readd_receiver',
  RECEIVER_HIGH_RISK: 'manual',
  RECEIVER_RECEIPT_LIMIT: 'manual',
  INVALID_REQUEST: 'manual',
  PARAM_ERROR: 'manual',
};

export const failurePolicy = (reason: string): 'retry' | 'readd_receiver' | 'manual' => PART_FAILURE_POLICY[reason] ?? 'retry';

/** out_order_no of a part's attempt: `ST<statement>P<seq>` first (as before retries existed), then `…R<n>`. */
export function partOutOrderNo(statementId: number, seq: number, attempt: number): string {
  return `ST${statementId}P${seq}${attempt > 1 ? `R${attempt}` : ''}`;
}

/** The unfreeze order of a part's transaction (its own out_order_no: WeChat refuses a share order's number). */
export function partUnfreezeNo(statementId: number, seq: number): string {
  return `ST${statementId}P${seq}U`;
}

/** Conditional move: false when the part was no longer at `from` (another runner moved it first). */
export async function movePart(
  em: EntityManager,
  payoutId: number,
  seq: number,
  from: PartStatus,
  to: PartStatus,
  set: Record<string, unknown> = {},
): Promise<boolean> {
  assertMove(PART_TRANSITIONS, '分账子单', from, to);
  return (await tryTransition(em, { table: 'payout_part', key: { payout_id: payoutId, seq }, from: [from], to, set, returning: 'seq' })) !== null;
}
