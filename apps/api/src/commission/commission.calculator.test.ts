import { allocateRefund, computeCommissions, effectiveRates, reversalTarget } from './commission.calculator.js';

const alice = { userId: 1, isDistributor: true };
const bob = { userId: 2, isDistributor: true };
const carl = { userId: 3, isDistributor: true };
const line = (paidAmount: number, productRates: [number | null, number | null, number | null] = [null, null, null]) => ({
  orderItemId: 10,
  productId: 5,
  paidAmount,
  productRates,
});

test('levels above the setting pay nothing', () => {
  expect(effectiveRates([1000, 500, 300], 1, 3000)).toEqual([1000, 0, 0]);
  expect(effectiveRates([1000, 500, 300], 0, 3000)).toEqual([0, 0, 0]);
  expect(effectiveRates([1000, 500, 300], 3, 3000)).toEqual([1000, 500, 300]);
});

test('the cap trims from the deepest level up', () => {
  expect(effectiveRates([2000, 1000, 1000], 3, 3000)).toEqual([2000, 1000, 0]);
  expect(effectiveRates([2000, 1000, 1000], 3, 2500)).toEqual([2000, 500, 0]);
  expect(effectiveRates([4000, 1000, 0], 2, 3000)).toEqual([3000, 0, 0]);
});

test('product overrides win per level; amounts round down per line', () => {
  const shares = computeCommissions({
    lines: [line(999, [1500, null, null])],
    merchantRates: [1000, 500, 0],
    policy: { levels: 2, capBps: 3000, selfPurchaseCommission: false },
    chain: [bob, alice, carl],
    buyerUserId: 99,
  });
  expect(shares.map((s) => [s.level, s.beneficiaryUserId, s.rateBps, s.amount])).toEqual([
    [1, 2, 1500, 149], // 149.85 -> 149
    [2, 1, 500, 49], // 49.95 -> 49
  ]);
});

test('self-purchase pays nothing to the buyer by default, but may be enabled', () => {
  const base = { lines: [line(10000)], merchantRates: [1000, 500, 0] as const, chain: [bob, alice], buyerUserId: 2 };
  expect(computeCommissions({ ...base, policy: { levels: 2, capBps: 3000, selfPurchaseCommission: false } }).map((s) => s.level)).toEqual([2]);
  expect(computeCommissions({ ...base, policy: { levels: 2, capBps: 3000, selfPurchaseCommission: true } }).map((s) => s.level)).toEqual([1, 2]);
});

test('non-distributors and missing uplines are skipped, not redistributed', () => {
  const shares = computeCommissions({
    lines: [line(10000)],
    merchantRates: [1000, 500, 300],
    policy: { levels: 3, capBps: 3000, selfPurchaseCommission: false },
    chain: [bob, { userId: 7, isDistributor: false }, null],
    buyerUserId: 99,
  });
  expect(shares).toHaveLength(1);
  expect(shares[0]).toMatchObject({ level: 1, amount: 1000 });
});

test('refund reversal keeps the commission on what is still paid, cumulatively', () => {
  expect(reversalTarget(149, 999, 0)).toBe(0);
  expect(reversalTarget(149, 999, 999)).toBe(149);
  // two half refunds reverse the same total as one full refund
  const half = reversalTarget(149, 999, 500);
  expect(half).toBe(149 - Math.floor((149 * 499) / 999));
  expect(reversalTarget(149, 999, 1000)).toBe(149);
});

test('an order-level refund is split over lines by refundable amount', () => {
  const m = allocateRefund(1000, [
    { orderItemId: 1, refundable: 3000 },
    { orderItemId: 2, refundable: 1000 },
  ]);
  expect([m.get(1), m.get(2)]).toEqual([750, 250]);
  expect(
    [
      ...allocateRefund(5, [
        { orderItemId: 1, refundable: 1 },
        { orderItemId: 2, refundable: 1 },
      ]).values(),
    ].reduce((a, b) => a + b),
  ).toBe(2);
});
