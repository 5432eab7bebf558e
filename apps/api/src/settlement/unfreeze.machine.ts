import { WechatPayError } from '@shareshop/wechat';
import type { EntityManager } from 'typeorm';
import { assertMove, canMoveIn, tryTransition } from '../domain/transitions.js';

/**
 * The unfreeze of one payment that no payout part uses (unfreeze.service.ts): `created` (fixed, maybe unknown
 * to WeChat) → `accepted` (WeChat has the unfreeze order and releases the rest by itself), `nothing_left`
 * (WeChat refused: nothing is frozen any more — fully refunded, already unfrozen, freeze period over, never
 * frozen) or
 * `refused` (refused for good for another reason; the money stays frozen until WeChat's freeze period ends).
 * All three are final: an unfreeze is sent under one out_order_no only.
 */
export type UnfreezeStatus = 'created' | 'accepted' | 'nothing_left' | 'refused';

export const UNFREEZE_TRANSITIONS: Record<UnfreezeStatus, UnfreezeStatus[]> = {
  created: ['accepted', 'nothing_left', 'refused'],
  accepted: [],
  nothing_left: [],
  refused: [],
};

export function canMoveUnfreeze(from: UnfreezeStatus, to: UnfreezeStatus): boolean {
  return canMoveIn(UNFREEZE_TRANSITIONS, from, to);
}

/** `ST<statement>F<seq>`: short, and distinct from a part's `ST…P<n>`, `ST…P<n>R<a>` and `ST…P<n>U`. */
export function unfreezeOutOrderNo(statementId: number, seq: number): string {
  return `ST${statementId}F${seq}`;
}

/**
 * WeChat says "分账金额不足" when nothing is left to release (its FAQ: the payment was fully refunded, or its
 * rest was unfrozen already — by an earlier unfreeze or at the end of the freeze period), as 403 NOT_ENOUGH
 * or as INVALID_REQUEST with that message. A payment made without settle_info.profit_sharing (before the
 * merchant switched to profit sharing) was never frozen: "非分账订单…", nothing to release either.
 */
const NOTHING_LEFT = /分账金额不足|已解冻|已全额退款|无可分账|已分账完成|分账已完结|非分账订单/;
/** "订单处理中，暂时无法分账，请稍后再试": the payment is not settled yet; the same request works later. */
const NOT_YET = /处理中|稍后/;

/**
 * What an error from an unfreeze call means. `unclear` (timeout, 5xx, SYSTEM_ERROR, FREQUENCY_LIMITED, an
 * unsigned answer): WeChat may have applied it, so the next try queries the same out_order_no first. `later`:
 * refused for now (not applied), tried again on the next refresh. `nothing_left` / `refused`: final.
 */
export function unfreezeOutcome(e: unknown): 'unclear' | 'later' | 'nothing_left' | 'refused' {
  if (!(e instanceof WechatPayError) || e.outcome !== 'failed' || e.retryable) return 'unclear';
  if (e.code === 'NOT_ENOUGH' || NOTHING_LEFT.test(e.message)) return 'nothing_left';
  if (e.code === 'ORDER_NOT_READY' || (e.code === 'INVALID_REQUEST' && NOT_YET.test(e.message))) return 'later';
  return 'refused';
}

/** Conditional move: false when the row was no longer at `from` (another runner settled it first). */
export async function moveUnfreeze(
  em: EntityManager,
  id: number,
  from: UnfreezeStatus,
  to: UnfreezeStatus,
  set: Record<string, unknown> = {},
): Promise<boolean> {
  assertMove(UNFREEZE_TRANSITIONS, '解冻单', from, to);
  return (await tryTransition(em, { table: 'settlement_unfreeze', key: { id }, from: [from], to, set, returning: 'id' })) !== null;
}
