import { MAX_TOTAL_RATE_BPS } from '@shareshop/common';

/**
 * The commission rate rule merchants' settings and products' overrides share: each level is 0..5000 bps
 * (BpsRate in @shareshop/common) and the levels together are at most 50%, the most a distributor chain can
 * ever earn on one sale. The platform's lower cap and level count are applied by the calculator at sale
 * time (effectiveRates), so a merchant's figures stay valid when the operator changes them.
 */
export function totalRateProblem(rates: readonly [number, number, number]): string | null {
  const total = rates[0] + rates[1] + rates[2];
  return total > MAX_TOTAL_RATE_BPS ? `三级佣金合计不能超过 ${MAX_TOTAL_RATE_BPS}（50%），现为 ${total}` : null;
}
