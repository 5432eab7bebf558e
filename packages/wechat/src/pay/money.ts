/**
 * Converts WeChat's yuan text ("12.34", "`12.34", "0.0", "-3.5", "0.60000") to integer fen without floating
 * point. Digits beyond the second decimal must be zeros, otherwise the value is not a whole number of fen.
 */
export function yuanTextToFen(text: string): number {
  const t = text.trim().replace(/^`/, '');
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) throw new Error(`not a yuan amount: ${JSON.stringify(text)}`);
  const [, sign, whole, frac = ''] = m;
  if (/[^0]/.test(frac.slice(2))) throw new Error(`amount ${JSON.stringify(text)} is not a whole number of fen`);
  const fen = BigInt(whole!) * 100n + BigInt((frac + '00').slice(0, 2));
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`amount ${JSON.stringify(text)} is too large`);
  const n = Number(fen);
  return sign && n !== 0 ? -n : n;
}

/** Integer fen → "12.34" (for display and for comparing with bill text). */
export function fenToYuanText(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new Error(`fen must be a safe integer, got ${fen}`);
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function assertFen(name: string, value: number, { min = 1 }: { min?: number } = {}): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer number of fen >= ${min}, got ${value}`);
  }
}
