/**
 * What the platform's rules leave of the typed rates, as the API's commission calculator applies them:
 * levels beyond `levels` pay nothing, and a total above the cap is trimmed from the deepest level up.
 */
export function effectiveBps(rates: number[], levels: number, capBps: number): number[] {
  const out = rates.map((r, i) => (i < levels ? r : 0));
  let excess = out.reduce((a, b) => a + b, 0) - capBps;
  for (let i = out.length - 1; i >= 0 && excess > 0; i--) {
    const cut = Math.min(out[i]!, excess);
    out[i]! -= cut;
    excess -= cut;
  }
  return out;
}

/** '12.5' (%) -> 1250 bps; null when not a percentage with at most two decimals. */
export function percentToBps(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bps <= 10000 ? bps : null;
}
export const bpsToPercent = (bps: number) => (bps / 100).toString();
