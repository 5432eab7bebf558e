import { shanghaiDate, shanghaiDayRange, toShanghaiIso } from './time.js';

test('an instant falls on its Asia/Shanghai day, not its UTC day', () => {
  expect(shanghaiDate(new Date('2026-11-21T15:59:59Z'))).toBe('2026-11-21'); // 23:59:59 +08:00
  expect(shanghaiDate(new Date('2026-11-21T16:00:00Z'))).toBe('2026-11-22'); // 00:00:00 +08:00
});

test('a business day is a half-open range starting at 00:00 +08:00', () => {
  const { start, end } = shanghaiDayRange('2026-11-22');
  expect(start.toISOString()).toBe('2026-11-21T16:00:00.000Z');
  expect(end.getTime() - start.getTime()).toBe(86_400_000);
  expect(() => shanghaiDayRange('2026-13-40')).toThrow(RangeError);
  expect(toShanghaiIso(start)).toBe('2026-11-22T00:00:00+08:00');
});
