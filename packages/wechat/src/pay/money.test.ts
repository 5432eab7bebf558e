import { fenToYuanText, yuanTextToFen } from './money.js';

describe('yuanTextToFen', () => {
  it.each([
    ['`12.34', 1234],
    ['12.34', 1234],
    ['0.01', 1],
    ['0.1', 10],
    ['0.29', 29], // 0.29 * 100 === 28.999999999999996 in floating point
    ['1.15', 115], // 1.15 * 100 === 114.99999999999999
    ['100', 10000],
    ['0.00000', 0],
    ['-3.50', -350],
    ['`0', 0],
    ['90071992547409.91', 9007199254740991],
  ])('%s → %i fen', (text, fen) => {
    expect(yuanTextToFen(text)).toBe(fen);
  });

  it.each(['1.005', '', 'abc', '1,000.00', '90071992547409.92'])('refuses %j', (text) => {
    expect(() => yuanTextToFen(text)).toThrow();
  });

  it('formats fen back to yuan text', () => {
    expect(fenToYuanText(1234)).toBe('12.34');
    expect(fenToYuanText(5)).toBe('0.05');
    expect(fenToYuanText(-350)).toBe('-3.50');
  });
});
