/**
 * The commission rate rules the API enforces and the mini program shows, in basis points. Zod-free (the
 * mini program imports it through `@shareshop/common/rules`); the schemas build on these constants.
 */

/** One level's rate: never above 50%. */
export const MAX_LEVEL_RATE_BPS = 5000;
/** A merchant's (or a product's) levels together: never above 50%, the most a chain can earn on one sale. */
export const MAX_TOTAL_RATE_BPS = 5000;
/** Hard ceiling of the platform's total commission cap over all levels: 50%. Not a setting. */
export const COMMISSION_CAP_HARD_MAX_BPS = 5000;

/**
 * What the platform's rules leave of the typed rates at sale time: levels beyond `levels` pay nothing, and a
 * total above `capBps` is trimmed from the deepest level up (level 3 first), so the compliant one-level CPS
 * share survives longest.
 */
export function effectiveRates(rates: readonly [number, number, number], levels: number, capBps: number): [number, number, number];
export function effectiveRates(rates: readonly number[], levels: number, capBps: number): number[];
export function effectiveRates(rates: readonly number[], levels: number, capBps: number): number[] {
  const out = rates.map((rate, i) => (i < levels ? rate : 0));
  let excess = out.reduce((sum, rate) => sum + rate, 0) - capBps;
  for (let i = out.length - 1; i >= 0 && excess > 0; i--) {
    const cut = Math.min(out[i]!, excess);
    out[i] = out[i]! - cut;
    excess -= cut;
  }
  return out;
}
