import { AfterSaleStatus } from '@shareshop/common';
import { AFTER_SALE_TRANSITIONS, afterSaleNext } from './after-sale.machine.js';

/** The whole table, spelled out: [type, from, event, to | null (refused)]. */
const CASES: Array<['refund_only' | 'return_refund', string, string, string | null]> = [
  ['refund_only', 'pending', 'approve', 'refunding'],
  ['refund_only', 'pending', 'approveReturn', null],
  ['return_refund', 'pending', 'approveReturn', 'awaiting_return'],
  ['return_refund', 'pending', 'approve', null],
  ['return_refund', 'pending', 'approveWithoutReturn', 'refunding'],
  ['refund_only', 'pending', 'approveWithoutReturn', null],
  ['refund_only', 'pending', 'reject', 'rejected'],
  ['return_refund', 'pending', 'reject', 'rejected'],
  ['refund_only', 'pending', 'cancel', 'cancelled'],
  ['return_refund', 'awaiting_return', 'cancel', 'cancelled'],
  ['return_refund', 'returning', 'cancel', null],
  ['refund_only', 'refunding', 'cancel', null],
  ['return_refund', 'awaiting_return', 'shipReturn', 'returning'],
  ['return_refund', 'pending', 'shipReturn', null],
  ['return_refund', 'awaiting_return', 'close', 'closed'],
  ['return_refund', 'returning', 'close', null],
  ['return_refund', 'returning', 'receiveReturn', 'refunding'],
  ['return_refund', 'awaiting_return', 'receiveReturn', null],
  ['return_refund', 'returning', 'rejectReturn', 'rejected'],
  ['return_refund', 'awaiting_return', 'rejectReturn', null],
  ['return_refund', 'returning', 'reject', null],
  ['refund_only', 'refunding', 'rejectReturn', null],
  ['refund_only', 'refunding', 'refundSucceeded', 'completed'],
  ['return_refund', 'refunding', 'refundFailed', 'refund_failed'],
  ['refund_only', 'pending', 'refundSucceeded', null],
  ['refund_only', 'rejected', 'approve', null],
  ['refund_only', 'completed', 'refundFailed', null],
];

test.each(CASES)('%s: %s --%s--> %s', (type, from, event, to) => {
  expect(afterSaleNext(from, event, type)).toBe(to);
});

test('terminal states have no way out', () => {
  for (const state of ['completed', 'rejected', 'cancelled', 'closed', 'refund_failed']) {
    for (const event of Object.keys(AFTER_SALE_TRANSITIONS)) {
      expect(afterSaleNext(state, event, 'refund_only')).toBeNull();
      expect(afterSaleNext(state, event, 'return_refund')).toBeNull();
    }
  }
});

test('every transition starts and ends in a known state; unknown events are refused', () => {
  for (const t of Object.values(AFTER_SALE_TRANSITIONS)) {
    expect(AfterSaleStatus.options).toContain(t.to);
    for (const f of t.from) expect(AfterSaleStatus.options).toContain(f);
  }
  expect(afterSaleNext('pending', 'teleport', 'refund_only')).toBeNull();
});

test('goods only come back on a return: a refund-only request never waits for a parcel', () => {
  for (const event of ['approveReturn', 'approveWithoutReturn', 'shipReturn', 'close', 'receiveReturn']) {
    for (const from of AfterSaleStatus.options) expect(afterSaleNext(from, event, 'refund_only')).toBeNull();
  }
});
