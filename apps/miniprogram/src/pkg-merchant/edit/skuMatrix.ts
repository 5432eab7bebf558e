/**
 * The product editor's SKU matrix: spec dimensions (颜色 × 尺码, at most 3) generate one row per combination
 * of their values. Pure, so every rule is unit-tested without a page:
 * - adding a value adds its rows; the rows already there keep what was typed in them;
 * - removing a value drops the new rows that used it, and keeps an existing SKU's row, disabled (`removed`):
 *   a SKU that was sold is never deleted, only taken off sale (adding the value back restores it);
 * - renaming a value keeps its rows' prices, stock and codes (and renames the SKU's spec value);
 * - adding a dimension (or its first value) carries each row's data into its first combination.
 * A dimension with no values yet holds a '' place in each row, so nothing is lost while it is being typed.
 */

export const MAX_DIMS = 3;
export const MAX_VALUES = 20;
/** The API's MAX_SKUS: combinations beyond it cannot be saved. */
export const MAX_ROWS = 50;

export interface SpecDim {
  name: string;
  values: string[];
}

export interface SkuRow {
  /** set for SKUs that exist; new rows have none */
  id?: number;
  /** one value per dimension, aligned with the dimensions ('' while a dimension has no values) */
  specs: string[];
  /** yuan, as typed */
  price: string;
  /** 划线价 in yuan, as typed; '' for none */
  listPrice: string;
  /** initial stock, new rows only (existing stock changes through 库存 adjustments) */
  stock: string;
  code: string;
  /** the merchant's switch: off = not for sale (new rows that are off are not created) */
  active: boolean;
  /** an existing SKU whose value was removed from its dimension: kept, sent as disabled */
  removed?: boolean;
  /** read-only for existing rows */
  currentStock?: number;
}

export const emptyRow = (specs: string[]): SkuRow => ({ specs, price: '', listPrice: '', stock: '', code: '', active: true });

/** Whether a row will be on sale after the save. */
export const rowOnSale = (r: SkuRow) => r.active && !r.removed;

const key = (specs: string[]) => JSON.stringify(specs);

/** Every combination of the dimensions' values, in order; a dimension without values contributes ''. */
export function combinations(dims: SpecDim[]): string[][] {
  let out: string[][] = [[]];
  for (const d of dims) {
    const values = d.values.length ? d.values : [''];
    out = out.flatMap((prefix) => values.map((v) => [...prefix, v]));
  }
  return out;
}

/** How many rows the dimensions make (to refuse a value that would exceed MAX_ROWS before adding it). */
export const combinationCount = (dims: SpecDim[]) => dims.reduce((n, d) => n * Math.max(d.values.length, 1), 1);

/** A previous row whose values equal `combo` wherever the previous row had one ('' = dimension had no value). */
const covers = (row: SkuRow, combo: string[]) => row.specs.length === combo.length && row.specs.every((v, i) => v === '' || v === combo[i]);

/**
 * The rows for `dims`, reusing `rows` (aligned with `dims`): exact matches keep everything, a combination
 * a value was just added to inherits the row it grew from (prices, list price, stock, not the code or id
 * unless it is the first combination grown from that row), existing SKUs no longer generated stay as
 * `removed` rows at the end, new rows no longer generated are dropped.
 */
export function syncRows(dims: SpecDim[], rows: SkuRow[]): SkuRow[] {
  const byKey = new Map<string, SkuRow>();
  for (const r of rows) if (!byKey.has(key(r.specs))) byKey.set(key(r.specs), r); // the first of coinciding rows wins
  const used = new Set<SkuRow>();
  const out = combinations(dims).map((combo) => {
    const exact = byKey.get(key(combo));
    if (exact) {
      used.add(exact);
      return { ...exact, specs: combo, removed: false };
    }
    const parent = rows.find((r) => !used.has(r) && r.specs.includes('') && covers(r, combo));
    if (parent) {
      used.add(parent); // the first combination takes the row itself (its id and code); later ones copy its figures
      return { ...parent, specs: combo, removed: false };
    }
    const sibling = rows.find((r) => r.specs.includes('') && covers(r, combo));
    if (sibling) return { ...emptyRow(combo), price: sibling.price, listPrice: sibling.listPrice, stock: sibling.stock };
    return emptyRow(combo);
  });
  const kept = rows.filter((r) => !used.has(r) && r.id !== undefined && !out.some((o) => o.id === r.id)).map((r) => ({ ...r, removed: true }));
  return [...out, ...kept];
}

/** Dimensions of an existing product, from its SKUs: each dimension's values in order of first use. */
export function dimsFromSkus(specNames: string[], skus: { specValues: string[] }[]): SpecDim[] {
  return specNames.map((name, i) => ({ name, values: [...new Set(skus.map((s) => s.specValues[i] ?? '').filter(Boolean))] }));
}

// Dimension edits: each returns the new dimensions and the rows regenerated for them.
export interface Matrix {
  dims: SpecDim[];
  rows: SkuRow[];
}

export function addDim(m: Matrix, name = ''): Matrix {
  if (m.dims.length >= MAX_DIMS) return m;
  const dims = [...m.dims, { name, values: [] }];
  return {
    dims,
    rows: syncRows(
      dims,
      m.rows.map((r) => ({ ...r, specs: [...r.specs, ''] })),
    ),
  };
}

export function removeDim(m: Matrix, index: number): Matrix {
  const dims = m.dims.filter((_, i) => i !== index);
  const rows = m.rows.map((r) => ({ ...r, specs: r.specs.filter((_, i) => i !== index) }));
  // rows that now coincide: the first keeps its place; an existing SKU among the others stays as removed
  const seen = new Set<string>();
  const unique = rows.filter((r) => {
    const k = key(r.specs);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { dims, rows: syncRows(dims, [...unique, ...rows.filter((r) => !unique.includes(r) && r.id !== undefined)]) };
}

export function renameDim(m: Matrix, index: number, name: string): Matrix {
  return { ...m, dims: m.dims.map((d, i) => (i === index ? { ...d, name } : d)) };
}

/** Adds a value (trimmed); a blank, duplicate or one-too-many value changes nothing (see valueProblem). */
export function addValue(m: Matrix, index: number, value: string): Matrix {
  const v = value.trim();
  if (valueProblem(m.dims, index, v)) return m;
  const dims = m.dims.map((d, i) => (i === index ? { ...d, values: [...d.values, v] } : d));
  return { dims, rows: syncRows(dims, m.rows) };
}

/** Why `value` cannot be added to dimension `index`, in Chinese; null when it can. */
export function valueProblem(dims: SpecDim[], index: number, value: string): string | null {
  const d = dims[index];
  if (!d) return '没有这个规格';
  const v = value.trim();
  if (!v) return '请输入规格值';
  if (v.length > 20) return '规格值最多 20 个字';
  if (d.values.includes(v)) return `「${v}」已经有了`;
  if (d.values.length >= MAX_VALUES) return `每个规格最多 ${MAX_VALUES} 个值`;
  const count = combinationCount(dims.map((x, i) => (i === index ? { ...x, values: [...x.values, v] } : x)));
  if (count > MAX_ROWS) return `规格组合最多 ${MAX_ROWS} 个（现在将变为 ${count} 个）`;
  return null;
}

export function removeValue(m: Matrix, index: number, value: string): Matrix {
  const dims = m.dims.map((d, i) => (i === index ? { ...d, values: d.values.filter((v) => v !== value) } : d));
  // rows of the removed value whose dimension is now empty fall back to '' (they cover the next value added)
  const rows = dims[index]!.values.length
    ? m.rows
    : m.rows.map((r) => (r.specs[index] === value ? { ...r, specs: r.specs.map((s, i) => (i === index ? '' : s)) } : r));
  return { dims, rows: syncRows(dims, rows) };
}

/** Renames a value everywhere: its rows keep their data (an existing SKU's spec value changes with it). */
export function renameValue(m: Matrix, index: number, from: string, to: string): Matrix {
  const v = to.trim();
  const d = m.dims[index];
  if (!d || !v || v === from || d.values.includes(v)) return m;
  const dims = m.dims.map((x, i) => (i === index ? { ...x, values: x.values.map((y) => (y === from ? v : y)) } : x));
  const rows = m.rows.map((r) => (r.specs[index] === from ? { ...r, specs: r.specs.map((s, i) => (i === index ? v : s)) } : r));
  return { dims, rows: syncRows(dims, rows) };
}

/** Fills price / list price / stock into every row that is on sale (批量设置); blank fields are left alone. */
export function fillRows(rows: SkuRow[], fill: { price?: string; listPrice?: string; stock?: string }): SkuRow[] {
  return rows.map((r) => {
    if (!rowOnSale(r)) return r;
    const next = { ...r };
    if (fill.price?.trim()) next.price = fill.price.trim();
    if (fill.listPrice?.trim()) next.listPrice = fill.listPrice.trim();
    if (fill.stock?.trim() && r.id === undefined) next.stock = fill.stock.trim();
    return next;
  });
}

/** A row's label: its values joined (「白色 / M」), or 默认规格 for a single-spec product. */
export const rowLabel = (r: SkuRow) => r.specs.filter(Boolean).join(' / ') || '默认规格';
