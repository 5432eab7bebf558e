import type { MerchantSalesSummary } from '../src/api/types';
import { MIN_PERCENT, compactYuan, dashboardFigures } from '../src/pkg-merchant/dashboard/figures';

const days = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'];
const summary = (rows: Record<string, [orders: number, paid: number, refunded?: number]>): MerchantSalesSummary => ({
  today: '2026-11-22',
  days: days.map((day) => ({ day, orders: rows[day]?.[0] ?? 0, paidTotal: rows[day]?.[1] ?? 0, refundedTotal: rows[day]?.[2] ?? 0 })),
});

test("today's orders and sales, net of refunds; today's bar is the tallest when it sold the most", () => {
  const f = dashboardFigures(summary({ '2026-11-22': [1, 12_800], '2026-11-20': [2, 10_000, 3_600] }));
  expect(f.todayOrders).toBe(1);
  expect(f.todaySales).toBe(12_800);
  expect([f.weekOrders, f.weekSales]).toEqual([3, 19_200]);
  expect(f.empty).toBe(false);
  const today = f.bars[6]!;
  expect(today).toMatchObject({ day: '2026-11-22', label: '今天', today: true, fen: 12_800, orders: 1, percent: 100, amount: '128' });
  expect(f.bars[4]).toMatchObject({ label: '11-20', today: false, fen: 6_400, percent: 50, amount: '64' });
  expect(f.bars.filter((b) => b.fen === 0).every((b) => b.percent === 0 && b.amount === '')).toBe(true);
  expect(f.bars.map((b) => b.label)).toEqual(['11-16', '11-17', '11-18', '11-19', '11-20', '11-21', '今天']);
});

test('a small day stays visible next to a big one; a week without sales says so', () => {
  const f = dashboardFigures(summary({ '2026-11-21': [1, 1_000_000], '2026-11-22': [1, 100] }));
  expect(f.bars[6]!.percent).toBe(MIN_PERCENT);
  expect(f.bars[5]!.percent).toBe(100);
  const none = dashboardFigures(summary({}));
  expect(none).toMatchObject({ empty: true, todayOrders: 0, todaySales: 0, weekSales: 0 });
  expect(none.bars.every((b) => b.percent === 0)).toBe(true);
  // a fully refunded day counts its order but no sales
  const refunded = dashboardFigures(summary({ '2026-11-22': [1, 12_800, 12_800] }));
  expect([refunded.todayOrders, refunded.todaySales, refunded.empty]).toEqual([1, 0, true]);
});

test('compact amounts over the bars, from fen, rounded down', () => {
  expect(compactYuan(0)).toBe('');
  expect(compactYuan(50)).toBe('<1');
  expect(compactYuan(12_899)).toBe('128');
  expect(compactYuan(999_999_99)).toBe('99.9万');
  expect(compactYuan(1_000_000)).toBe('1万');
  expect(compactYuan(1_234_567)).toBe('1.2万');
  expect(compactYuan(123_456_789_00)).toBe('12345.6万');
});
