import { COMMISSION_CAP_HARD_MAX_BPS, MAX_LEVEL_RATE_BPS, MAX_TOTAL_RATE_BPS, effectiveRates } from './commission-rates.js';
import { BpsRate } from './schema-kit.js';
import { PlatformSettings } from './settings.js';

test('levels beyond the platform setting pay nothing', () => {
  expect(effectiveRates([1000, 500, 300], 1, 3000)).toEqual([1000, 0, 0]);
  expect(effectiveRates([1000, 500, 300], 2, 3000)).toEqual([1000, 500, 0]);
  expect(effectiveRates([1000, 500, 300], 0, 3000)).toEqual([0, 0, 0]);
  expect(effectiveRates([1000, 500, 300], 3, 3000)).toEqual([1000, 500, 300]);
});

test('a total above the cap is trimmed from the deepest level up', () => {
  expect(effectiveRates([2000, 1000, 1000], 3, 3000)).toEqual([2000, 1000, 0]);
  expect(effectiveRates([2000, 800, 500], 3, 2500)).toEqual([2000, 500, 0]);
  expect(effectiveRates([4000, 1000, 0], 2, 3000)).toEqual([3000, 0, 0]);
  expect(effectiveRates([1000, 1000, 1000], 3, 0)).toEqual([0, 0, 0]);
});

test('works on fewer levels than three (the mini program shows only the levels in force)', () => {
  expect(effectiveRates([2000, 1500], 2, 3000)).toEqual([2000, 1000]);
  expect(effectiveRates([], 3, 3000)).toEqual([]);
});

test('does not change the rates it is given', () => {
  const typed = [2000, 1000, 1000] as const;
  effectiveRates(typed, 3, 1000);
  expect(typed).toEqual([2000, 1000, 1000]);
});

test('the schemas enforce the same ceilings', () => {
  expect(BpsRate.safeParse(MAX_LEVEL_RATE_BPS).success).toBe(true);
  expect(BpsRate.safeParse(MAX_LEVEL_RATE_BPS + 1).success).toBe(false);
  expect(MAX_TOTAL_RATE_BPS).toBe(5000);
  const cap = PlatformSettings.shape.commissionCapBps;
  expect(cap.safeParse(COMMISSION_CAP_HARD_MAX_BPS).success).toBe(true);
  expect(cap.safeParse(COMMISSION_CAP_HARD_MAX_BPS + 1).success).toBe(false);
});
