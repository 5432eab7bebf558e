import { freightFor, missingForFreeShipping } from './freight.js';

test('flat fee, free when the fee is 0', () => {
  expect(freightFor({ freightFee: 0, freeShippingAbove: null }, 100)).toBe(0);
  expect(freightFor({ freightFee: 800, freeShippingAbove: null }, 1_000_000)).toBe(800);
});

test('满 X 包邮: exactly X ships free, one fen less pays the fee', () => {
  const rule = { freightFee: 1000, freeShippingAbove: 9900 };
  expect(freightFor(rule, 9900)).toBe(0);
  expect(freightFor(rule, 9899)).toBe(1000);
  expect(freightFor(rule, 12000)).toBe(0);
  expect(missingForFreeShipping(rule, 9899)).toBe(1);
  expect(missingForFreeShipping(rule, 9900)).toBeNull();
  expect(missingForFreeShipping({ freightFee: 1000, freeShippingAbove: null }, 10)).toBeNull();
  expect(missingForFreeShipping({ freightFee: 0, freeShippingAbove: 5000 }, 10)).toBeNull();
});
