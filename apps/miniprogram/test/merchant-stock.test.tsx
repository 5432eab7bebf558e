import { signed, stockChange, thresholdProblem } from '../src/pkg-merchant/stock/change';

/** The stock page's input rules (pkg-merchant/stock/change.ts): 增减 by a delta, 设为 an absolute count. */
test('增减 takes a signed whole number, never below zero', () => {
  expect(stockChange('adjust', '+20', 5)).toEqual({ kind: 'adjust', delta: 20, reason: '补货' });
  expect(stockChange('adjust', ' -3 ', 5)).toEqual({ kind: 'adjust', delta: -3, reason: '减少库存' });
  expect(stockChange('adjust', '＋2', 5)).toMatchObject({ kind: 'adjust', delta: 2 });
  expect(stockChange('adjust', '-6', 5)).toEqual({ kind: 'problem', message: '库存不足：当前 5，不能减少 6' });
  expect(stockChange('adjust', '0', 5)).toMatchObject({ kind: 'problem', message: '增减数量不能为 0' });
  expect(stockChange('adjust', '1.5', 5)).toMatchObject({ kind: 'problem' });
  expect(stockChange('adjust', '', 5)).toMatchObject({ kind: 'problem' });
});

test('设为 takes the counted stock: a non-negative whole number that differs from the current one', () => {
  expect(stockChange('set', '12', 5)).toEqual({ kind: 'set', stock: 12, reason: '盘点' });
  expect(stockChange('set', '0', 5)).toEqual({ kind: 'set', stock: 0, reason: '盘点' });
  expect(stockChange('set', '5', 5)).toEqual({ kind: 'problem', message: '库存已经是 5' });
  expect(stockChange('set', '-1', 5)).toMatchObject({ kind: 'problem' });
  expect(stockChange('set', '10000001', 5)).toMatchObject({ kind: 'problem', message: '库存不能超过 1000 万' });
});

test('threshold and history helpers', () => {
  expect(thresholdProblem('10')).toBeNull();
  expect(thresholdProblem('-1')).toBe('请输入非负整数');
  expect(thresholdProblem('100001')).toBe('不能超过 100000');
  expect([signed(3), signed(-2), signed(0)]).toEqual(['+3', '-2', '0']);
});
