import { WechatPayError } from '@shareshop/wechat';
import { partOutOrderNo, partUnfreezeNo } from './payout-part.machine.js';
import { canMoveUnfreeze, unfreezeOutcome, unfreezeOutOrderNo } from './unfreeze.machine.js';

test('an unfreeze is settled once: accepted, nothing left or refused, never sent again', () => {
  expect(['accepted', 'nothing_left', 'refused'].every((to) => canMoveUnfreeze('created', to as never))).toBe(true);
  expect(canMoveUnfreeze('accepted', 'created')).toBe(false);
  expect(canMoveUnfreeze('nothing_left', 'accepted')).toBe(false);
  expect(canMoveUnfreeze('refused', 'created')).toBe(false);
});

test("its out_order_no is short and never one of the parts' numbers", () => {
  const no = unfreezeOutOrderNo(9_007_199_254_740_991, 99_999);
  expect(no.length).toBeLessThanOrEqual(64);
  expect(no).toMatch(/^[0-9A-Za-z_\-|*@]+$/);
  expect(unfreezeOutOrderNo(12, 3)).toBe('ST12F3');
  expect([partOutOrderNo(12, 3, 1), partOutOrderNo(12, 3, 2), partUnfreezeNo(12, 3)]).not.toContain(unfreezeOutOrderNo(12, 3));
});

test("WeChat's answers: nothing left is final, a lost answer is asked about, a not-yet is tried again, anything else refused", () => {
  const failed = (status: number, code: string, msg: string) =>
    new WechatPayError(status, code, `POST /v3/profitsharing/orders/unfreeze: ${status} ${code} ${msg}`, false, 'failed');
  expect(unfreezeOutcome(failed(403, 'NOT_ENOUGH', '分账金额不足'))).toBe('nothing_left');
  expect(unfreezeOutcome(failed(400, 'INVALID_REQUEST', '分账金额不足，订单剩余待分金额已解冻'))).toBe('nothing_left');
  expect(unfreezeOutcome(failed(400, 'INVALID_REQUEST', '订单处理中，暂时无法分账，请稍后再试'))).toBe('later');
  expect(unfreezeOutcome(failed(400, 'INVALID_REQUEST', '非分账订单不支持解冻'))).toBe('nothing_left'); // never frozen
  expect(unfreezeOutcome(failed(403, 'NO_AUTH', '商户无权限'))).toBe('refused');
  expect(unfreezeOutcome(failed(400, 'PARAM_ERROR', 'description 必填'))).toBe('refused');
  expect(unfreezeOutcome(new WechatPayError(0, 'TIMEOUT', 'timeout', true, 'unknown'))).toBe('unclear');
  expect(unfreezeOutcome(new WechatPayError(500, 'SYSTEM_ERROR', '系统错误', true, 'unknown'))).toBe('unclear');
  expect(unfreezeOutcome(new WechatPayError(429, 'FREQUENCY_LIMITED', '频率超限', true, 'failed'))).toBe('unclear');
  // an unsigned (unverifiable) refusal must not settle anything
  expect(unfreezeOutcome(new WechatPayError(403, 'NOT_ENOUGH', '分账金额不足', true, 'unknown'))).toBe('unclear');
  expect(unfreezeOutcome(new Error('socket hang up'))).toBe('unclear');
});
