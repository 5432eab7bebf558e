import { orderTimeline } from './order-timeline.js';

const t = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 2, minutes));
const order = {
  created_at: t(0),
  paid_at: t(1),
  paid_total: 12800,
  shipped_at: t(10),
  carrier: '顺丰速运',
  tracking_no: 'SF123456',
  received_at: null,
  completed_at: null,
  cancelled_at: null,
  closed_at: null,
  refunded_at: null,
  refunded_total: 0,
};

test('the lifecycle in time order, with amounts and shipping details', () => {
  expect(orderTimeline(order, []).map((e) => [e.kind, e.amount, e.note])).toEqual([
    ['placed', null, null],
    ['paid', 12800, null],
    ['shipped', null, '顺丰速运 SF123456'],
  ]);
});

test('refunds: request, decision and result, each tagged with the refund', () => {
  const refunds = [
    {
      id: 7,
      kind: 'buyer',
      status: 'rejected',
      amount: 12800,
      reason: '不想要了',
      reject_reason: '已发货',
      created_at: t(11),
      decided_at: t(12),
      succeeded_at: null,
      failed_at: null,
    },
    {
      id: 8,
      kind: 'buyer',
      status: 'succeeded',
      amount: 5000,
      reason: '部分破损',
      reject_reason: null,
      created_at: t(20),
      decided_at: t(20),
      succeeded_at: t(21),
      failed_at: null,
    },
  ];
  const entries = orderTimeline({ ...order, refunded_total: 5000 }, refunds);
  expect(entries.map((e) => e.kind)).toEqual([
    'placed',
    'paid',
    'shipped',
    'refund_requested',
    'refund_rejected',
    'refund_requested',
    'refund_approved',
    'refund_succeeded',
  ]);
  expect(entries[4]).toMatchObject({ refundId: 7, note: '已发货' });
  // equal timestamps keep the lifecycle order: requested before approved
  expect(entries[5]).toMatchObject({ refundId: 8, amount: 5000, note: '部分破损' });
});

test('an unpaid order that closed, and an automatic refund, have no request or decision', () => {
  const closed = orderTimeline({ ...order, paid_at: null, shipped_at: null, carrier: null, closed_at: t(30) }, []);
  expect(closed.map((e) => e.kind)).toEqual(['placed', 'closed']);
  const auto = orderTimeline({ ...order, shipped_at: null, closed_at: t(30), refunded_at: t(32), refunded_total: 12800 }, [
    { id: 9, kind: 'auto', status: 'succeeded', amount: 12800, reason: '', created_at: t(31), decided_at: null, succeeded_at: t(32), failed_at: null },
  ]);
  expect(auto.map((e) => e.kind)).toEqual(['placed', 'paid', 'closed', 'refund_succeeded', 'refunded']);
});
