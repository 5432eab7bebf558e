/**
 * What the stock page sends for one SKU: 增减 (a delta, e.g. +20 or -3) or 设为 (an absolute value from a
 * stock count, 盘点). Pure, so it is unit-tested without a page.
 */
export type StockMode = 'adjust' | 'set';

export type StockChange =
  { kind: 'adjust'; delta: number; reason: string } | { kind: 'set'; stock: number; reason: string } | { kind: 'problem'; message: string };

const MAX_STOCK = 10_000_000;

export function stockChange(mode: StockMode, text: string, current: number): StockChange {
  const t = text.trim().replace(/^＋/, '+').replace(/^－/, '-');
  if (mode === 'set') {
    if (!/^\d+$/.test(t)) return { kind: 'problem', message: '请输入盘点后的库存（非负整数）' };
    const stock = Number(t);
    if (stock > MAX_STOCK) return { kind: 'problem', message: '库存不能超过 1000 万' };
    if (stock === current) return { kind: 'problem', message: `库存已经是 ${current}` };
    return { kind: 'set', stock, reason: '盘点' };
  }
  if (!/^[+-]?\d+$/.test(t)) return { kind: 'problem', message: '请输入增减数量，如 +20 或 -3' };
  const delta = Number(t);
  if (delta === 0) return { kind: 'problem', message: '增减数量不能为 0' };
  if (current + delta < 0) return { kind: 'problem', message: `库存不足：当前 ${current}，不能减少 ${-delta}` };
  if (current + delta > MAX_STOCK) return { kind: 'problem', message: '库存不能超过 1000 万' };
  return { kind: 'adjust', delta, reason: delta > 0 ? '补货' : '减少库存' };
}

export const KIND_TEXT = { initial: '初始库存', adjust: '增减', set: '盘点' } as const;

/** '+20' / '-3' / '0' for the history list. */
export const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** The threshold setting typed on the page: a whole number 0..100000, or a problem. */
export function thresholdProblem(text: string): string | null {
  if (!/^\d+$/.test(text.trim())) return '请输入非负整数';
  return Number(text.trim()) > 100_000 ? '不能超过 100000' : null;
}
