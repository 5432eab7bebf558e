import type { StatementView } from '../src/api/types';
import { lineText, rowsAddUp, summaryRows } from '../src/pkg-merchant/settlements/statement';

/** The statement as the merchant reads it (pkg-merchant/settlements/statement.ts): signed rows that add up to 应结. */
const day: StatementView = {
  id: 1,
  merchantId: 2,
  businessDate: '2026-12-06',
  sales: 100_00,
  refunds: -10_00,
  commission: -9_00,
  fee: -60,
  adjustments: 0,
  carriedIn: -5_00,
  netPayable: 75_40,
  carryOut: 0,
  status: 'payable',
  payout: null,
};

test('rows in statement order, negative figures kept negative, zero adjustments left out; they add up to 应结', () => {
  expect(summaryRows(day)).toEqual([
    { label: '销售额', fen: 10000 },
    { label: '退款', fen: -1000 },
    { label: '分销佣金', fen: -900 },
    { label: '平台服务费', fen: -60 },
    { label: '上期结转', fen: -500 },
  ]);
  expect(rowsAddUp(day)).toBe(true);
  expect(rowsAddUp({ ...day, netPayable: 7541 })).toBe(false);
  expect(lineText({ category: 'refunds_of_earlier_days', entries: 2, amount: -300 })).toBe('往日订单退款');
});
