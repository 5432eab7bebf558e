import { render, screen } from '@testing-library/react';
import type { OrderTimelineEntry } from '../src/api/types';
import { payNotice, payResultOf } from '../src/pkg-order/detail/payState';
import { OrderTimeline } from '../src/pkg-order/detail/Timeline';
import { timelineLines } from '../src/pkg-order/detail/timeline';

describe('payment result on return to the order page', () => {
  test('read from the sandbox cashier (result=) or the legacy paid=1', () => {
    expect(payResultOf({ id: '1', paid: '1', result: 'cancel' })).toBe('cancel');
    expect(payResultOf({ id: '1', result: 'fail' })).toBe('fail');
    expect(payResultOf({ id: '1', paid: '1' })).toBe('success');
    expect(payResultOf({ id: '1', result: 'bogus' })).toBeNull();
    expect(payResultOf({ id: '1' })).toBeNull();
  });

  test('a cancelled or failed payment says so instead of "confirming"; only success polls', () => {
    expect(payNotice('created', 'cancel')).toEqual({ text: '支付已取消，订单尚未支付，可重新支付', tone: 'warn', poll: false });
    expect(payNotice('created', 'fail')).toMatchObject({ text: expect.stringContaining('支付失败'), poll: false });
    expect(payNotice('created', 'success')).toMatchObject({ text: expect.stringContaining('确认中'), poll: true });
    // the server's status wins: a paid order needs no notice, whatever the URL says
    expect(payNotice('paid', 'cancel')).toBeNull();
    expect(payNotice('created', null)).toBeNull();
  });
});

const entry = (kind: OrderTimelineEntry['kind'], at: string, extra: Partial<OrderTimelineEntry> = {}): OrderTimelineEntry => ({
  kind,
  at,
  refundId: null,
  amount: null,
  note: null,
  ...extra,
});
const entries = [
  entry('placed', '2026-11-20T02:00:00Z'),
  entry('paid', '2026-11-20T02:01:00Z', { amount: 12800 }),
  entry('shipped', '2026-11-20T05:00:00Z', { note: '顺丰速运 SF1234567890' }),
  entry('refund_requested', '2026-11-21T01:00:00Z', { refundId: 3, amount: 5000, note: '破损' }),
  entry('refund_rejected', '2026-11-21T03:00:00Z', { refundId: 3, note: '已签收无破损' }),
];

test('timeline lines: newest first, amounts from fen, notes in words', () => {
  expect(timelineLines(entries).map((l) => [l.title, l.detail])).toEqual([
    ['商家拒绝退款', '拒绝原因：已签收无破损'],
    ['申请退款', '退款 ¥50.00 · 原因：破损'],
    ['商家已发货', '物流 顺丰速运 SF1234567890'],
    ['支付成功', '实付 ¥128.00'],
    ['提交订单', null],
  ]);
});

test('the timeline card shows every step with its Asia/Shanghai time, the newest highlighted', () => {
  const { container } = render(<OrderTimeline entries={entries} />);
  expect(screen.getByText('订单进度')).toBeTruthy();
  const steps = container.querySelectorAll('.order-timeline__step');
  expect(steps).toHaveLength(5);
  expect(steps[0]!.className).toContain('is-current');
  expect(steps[0]!.textContent).toContain('2026-11-21 11:00');
  expect(steps[4]!.textContent).toBe('提交订单2026-11-20 10:00');
});
