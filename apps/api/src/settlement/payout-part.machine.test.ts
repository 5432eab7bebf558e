import { canMovePart, failurePolicy, isFinalPart, partOutOrderNo, partUnfreezeNo } from './payout-part.machine.js';

test('a part is only sent again (as a new attempt) after WeChat said the previous attempt failed', () => {
  expect(canMovePart('created', 'processing')).toBe(true);
  expect(canMovePart('processing', 'retry_wait')).toBe(true);
  expect(canMovePart('retry_wait', 'created')).toBe(true);
  expect(canMovePart('processing', 'created')).toBe(false); // an accepted attempt is never replaced
  expect(canMovePart('finished', 'retry_wait')).toBe(false);
  expect(canMovePart('failed', 'created')).toBe(false);
  expect([isFinalPart('finished'), isFinalPart('failed'), isFinalPart('retry_wait')]).toEqual([true, true, false]);
});

test('each attempt has its own out_order_no; the first keeps the pre-retry form; the unfreeze has another', () => {
  expect([partOutOrderNo(12, 3, 1), partOutOrderNo(12, 3, 2), partOutOrderNo(12, 3, 3), partUnfreezeNo(12, 3)]).toEqual([
    'ST12P3',
    'ST12P3R2',
    'ST12P3R3',
    'ST12P3U',
  ]);
});

test('failure reasons: retry what may be lifted, re-add a removed receiver, hand the rest to a person', () => {
  expect(['ACCOUNT_ABNORMAL', 'NO_RELATION', 'RECEIVER_HIGH_RISK', 'RECEIVER_RECEIPT_LIMIT', 'SOMETHING_NEW'].map(failurePolicy)).toEqual([
    'retry',
    'readd_receiver',
    'manual',
    'manual',
    'retry',
  ]);
});
