/**
 * Rates as people type them (percent) and as the API takes them (basis points). What the platform's rules
 * leave of them is effectiveRates in @shareshop/common/rules, the calculator's own function.
 */
/** '12.5' (%) -> 1250 bps; null when not a percentage with at most two decimals. */
export function percentToBps(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bps <= 10000 ? bps : null;
}
export const bpsToPercent = (bps: number) => (bps / 100).toString();
