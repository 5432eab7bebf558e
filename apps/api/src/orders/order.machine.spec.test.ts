import { ORDER_TRANSITIONS, REFUND_TRANSITIONS, canTransition } from './order.machine.js';

const ORDER_STATES = ['created', 'paid', 'shipped', 'received', 'completed', 'cancelled', 'closed', 'refunded'] as const;
const REFUND_STATES = ['requested', 'rejected', 'processing', 'succeeded', 'failed', 'cancelled'] as const;

/** The whole table, spelled out: [from, event, to | null (refused)]. */
const ORDER_CASES: Array<[string, string, string | null]> = [
  ['created', 'pay', 'paid'],
  ['created', 'cancel', 'cancelled'],
  ['created', 'close', 'closed'],
  ['created', 'ship', null],
  ['created', 'refundAll', null],
  ['paid', 'ship', 'shipped'],
  ['paid', 'refundAll', 'refunded'],
  ['paid', 'pay', null],
  ['paid', 'cancel', null],
  ['paid', 'close', null],
  ['paid', 'receive', null],
  ['shipped', 'receive', 'received'],
  ['shipped', 'refundAll', 'refunded'],
  ['shipped', 'ship', null],
  ['received', 'complete', 'completed'],
  ['received', 'refundAll', 'refunded'],
  ['completed', 'refundAll', null],
  ['closed', 'pay', null],
  ['cancelled', 'pay', null],
  ['refunded', 'ship', null],
];

test.each(ORDER_CASES)('order %s --%s--> %s', (from, event, to) => {
  expect(canTransition('order', from, event)).toBe(to);
});

test('terminal order states have no way out', () => {
  for (const state of ['completed', 'cancelled', 'closed', 'refunded']) {
    for (const event of Object.keys(ORDER_TRANSITIONS)) expect(canTransition('order', state, event)).toBeNull();
  }
});

test('every transition starts and ends in a known state', () => {
  for (const t of Object.values(ORDER_TRANSITIONS)) {
    expect(ORDER_STATES).toContain(t.to);
    for (const f of t.from) expect(ORDER_STATES).toContain(f);
  }
  for (const t of Object.values(REFUND_TRANSITIONS)) {
    expect(REFUND_STATES).toContain(t.to);
    for (const f of t.from) expect(REFUND_STATES).toContain(f);
  }
});

test.each([
  ['requested', 'approve', 'processing'],
  ['requested', 'reject', 'rejected'],
  ['processing', 'succeed', 'succeeded'],
  ['processing', 'fail', 'failed'],
  ['rejected', 'approve', null],
  ['succeeded', 'succeed', null],
  ['succeeded', 'fail', null],
  ['requested', 'succeed', null],
  ['requested', 'withdraw', 'cancelled'],
  ['processing', 'withdraw', null],
  ['cancelled', 'approve', null],
])('refund %s --%s--> %s', (from, event, to) => {
  expect(canTransition('refund', from, event)).toBe(to);
});

test('unknown events are refused', () => {
  expect(canTransition('order', 'created', 'teleport')).toBeNull();
});
