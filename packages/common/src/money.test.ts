import { applyBps, fenToYuanString, formatFen, parseYuan } from './money.js';

test('fen formats with two decimals without floating point', () => {
  expect(fenToYuanString(0)).toBe('0.00');
  expect(fenToYuanString(5)).toBe('0.05');
  expect(fenToYuanString(12345)).toBe('123.45');
  expect(formatFen(-1999)).toBe('-¥19.99');
  expect(formatFen(900719925474099)).toBe('¥9007199254740.99');
  expect(() => fenToYuanString(1.5)).toThrow(RangeError);
});

test('yuan text parses to fen and rejects more than two decimals', () => {
  expect(parseYuan('12.3')).toBe(1230);
  expect(parseYuan('0.07')).toBe(7);
  expect(parseYuan('1.005')).toBeNull();
  expect(parseYuan('abc')).toBeNull();
});

test('bps rounds down and stays exact for large bases', () => {
  expect(applyBps(999, 1000)).toBe(99);
  expect(applyBps(9_007_199_254_740, 3000)).toBe(2_702_159_776_422);
  expect(applyBps(Number.MAX_SAFE_INTEGER, 10_000)).toBe(Number.MAX_SAFE_INTEGER);
  expect(applyBps(Number.MAX_SAFE_INTEGER, 9_999)).toBe(Number((BigInt(Number.MAX_SAFE_INTEGER) * 9999n) / 10000n));
  expect(applyBps(-999, 1000)).toBe(-99); // toward zero, as before
  expect(applyBps(1, 1)).toBe(0);
  expect(() => applyBps(100, 10_001)).toThrow(RangeError);
});
