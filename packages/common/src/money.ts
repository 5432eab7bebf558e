/**
 * Money is integer fen everywhere (1 yuan = 100 fen); rates are basis points (1% = 100 bps).
 * These helpers are the only place fen becomes text, so the API and the mini program agree to the fen.
 */
export type Fen = number;
export type Bps = number;

export const MAX_BPS = 10_000;

export function assertFen(value: unknown, field = 'amount'): asserts value is Fen {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new RangeError(`${field} must be an integer number of fen`);
  }
}

/** 12345 -> "123.45"; -5 -> "-0.05". Never goes through floating point division. */
export function fenToYuanString(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}${yuan}.${cents.toString().padStart(2, '0')}`;
}

/** 12345 -> "¥123.45" */
export function formatFen(fen: Fen): string {
  const s = fenToYuanString(fen);
  return s.startsWith('-') ? `-¥${s.slice(1)}` : `¥${s}`;
}

/** "123.45" -> 12345; accepts at most two decimals; returns null for anything else. */
export function parseYuan(text: string): Fen | null {
  const m = /^\s*(-)?(\d{1,13})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/**
 * amount * bps / 10000 rounded toward zero, exactly, without BigInt (a BigInt literal is a syntax error on
 * older iOS WeChat engines, and this module ships in the mini program). Splitting the amount at 10000 keeps
 * every intermediate below 2^53: q * bps <= amount and r * bps < 10^8.
 */
export function applyBps(amount: Fen, bps: Bps): Fen {
  assertFen(amount);
  if (!Number.isInteger(bps) || bps < 0 || bps > MAX_BPS) throw new RangeError('bps must be an integer 0..10000');
  const abs = Math.abs(amount);
  const q = Math.floor(abs / 10_000);
  const r = abs % 10_000;
  const result = q * bps + Math.floor((r * bps) / 10_000);
  return amount < 0 && result !== 0 ? -result : result;
}
