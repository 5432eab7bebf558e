/** Pure SKU selection logic behind <SkuPicker>, over the API's ProductView (specNames + sku.specValues). */
import type { SkuView } from '../../api/types';

export type Selection = Record<string, string | undefined>;
export interface SpecDimension {
  name: string;
  values: string[];
}
type SkuLike = Pick<SkuView, 'id' | 'specValues' | 'price' | 'stock'> & Partial<Pick<SkuView, 'listPrice' | 'active'>>;
type ProductLike = { specNames?: string[]; skus: SkuLike[] };

const activeSkus = <S extends SkuLike>(skus: S[]) => skus.filter((s) => s.active !== false);

/** The SKU's spec values by spec name ({颜色: '红', 尺码: 'S'}); unnamed specs are called 规格1.. */
export function skuSpecs(product: Pick<ProductLike, 'specNames'>, sku: Pick<SkuLike, 'specValues'>): Record<string, string> {
  const out: Record<string, string> = {};
  sku.specValues.forEach((v, i) => (out[product.specNames?.[i] || `规格${i + 1}`] = v));
  return out;
}

/** Spec dimensions in display order (the product's spec names), values in first-seen SKU order. */
export function specDimensions(product: ProductLike): SpecDimension[] {
  const dims = new Map<string, string[]>();
  for (const name of product.specNames ?? []) dims.set(name, []);
  for (const sku of activeSkus(product.skus)) {
    for (const [name, value] of Object.entries(skuSpecs(product, sku))) {
      const values = dims.get(name) ?? [];
      if (!values.includes(value)) values.push(value);
      dims.set(name, values);
    }
  }
  return [...dims].filter(([, values]) => values.length).map(([name, values]) => ({ name, values }));
}

function matches(product: ProductLike, sku: SkuLike, selection: Selection): boolean {
  const specs = skuSpecs(product, sku);
  return Object.entries(selection).every(([name, value]) => value === undefined || specs[name] === value);
}

/** The SKU chosen by a complete selection (every dimension picked), else undefined. */
export function findSku<S extends SkuLike>(product: { specNames?: string[]; skus: S[] }, selection: Selection): S | undefined {
  const dims = specDimensions(product);
  if (dims.some((d) => selection[d.name] === undefined)) return undefined;
  return activeSkus(product.skus).find((sku) => {
    const specs = skuSpecs(product, sku);
    return dims.every((d) => specs[d.name] === selection[d.name]);
  });
}

/**
 * Whether picking `value` for dimension `name` (keeping the other current picks) can still lead to a
 * SKU in stock. Used to disable out-of-stock combinations.
 */
export function isValueAvailable(product: ProductLike, selection: Selection, name: string, value: string): boolean {
  const next = { ...selection, [name]: value };
  return activeSkus(product.skus).some((sku) => sku.stock > 0 && matches(product, sku, next));
}

/** Single-SKU products and the only in-stock SKU are preselected. */
export function initialSelection(product: ProductLike): Selection {
  const inStock = activeSkus(product.skus).filter((s) => s.stock > 0);
  if (inStock.length === 1) return { ...skuSpecs(product, inStock[0]) };
  return {};
}

export function priceRange(skus: Pick<SkuLike, 'price' | 'active'>[]): { min: number; max: number } | null {
  const list = skus.filter((s) => s.active !== false);
  if (!list.length) return null;
  let min = list[0].price;
  let max = min;
  for (const s of list) {
    if (s.price < min) min = s.price;
    if (s.price > max) max = s.price;
  }
  return { min, max };
}
