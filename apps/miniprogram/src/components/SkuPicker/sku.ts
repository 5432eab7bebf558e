/** Pure SKU selection logic behind <SkuPicker>. */
import type { ProductDetail, Sku, SpecDimension } from '../../api/types'

export type Selection = Record<string, string | undefined>

/** Spec dimensions in display order: the product's own, else derived from the SKUs (first-seen order). */
export function specDimensions(product: Pick<ProductDetail, 'specs' | 'skus'>): SpecDimension[] {
  if (product.specs?.length) return product.specs
  const dims = new Map<string, string[]>()
  for (const sku of product.skus) {
    for (const [name, value] of Object.entries(sku.specs ?? {})) {
      const values = dims.get(name) ?? []
      if (!values.includes(value)) values.push(value)
      dims.set(name, values)
    }
  }
  return [...dims].map(([name, values]) => ({ name, values }))
}

function matches(sku: Sku, selection: Selection): boolean {
  return Object.entries(selection).every(([name, value]) => value === undefined || sku.specs?.[name] === value)
}

/** The SKU chosen by a complete selection (every dimension picked), else undefined. */
export function findSku(product: Pick<ProductDetail, 'specs' | 'skus'>, selection: Selection): Sku | undefined {
  const dims = specDimensions(product)
  if (dims.some((d) => selection[d.name] === undefined)) return undefined
  return product.skus.find((sku) => dims.every((d) => sku.specs?.[d.name] === selection[d.name]))
}

/**
 * Whether picking `value` for dimension `name` (keeping the other current picks) can still lead to a
 * SKU in stock. Used to disable out-of-stock combinations.
 */
export function isValueAvailable(product: Pick<ProductDetail, 'skus'>, selection: Selection, name: string, value: string): boolean {
  const next = { ...selection, [name]: value }
  return product.skus.some((sku) => sku.stock > 0 && matches(sku, next))
}

/** Single-SKU products and the only in-stock SKU are preselected. */
export function initialSelection(product: Pick<ProductDetail, 'specs' | 'skus'>): Selection {
  const inStock = product.skus.filter((s) => s.stock > 0)
  if (inStock.length === 1) return { ...inStock[0].specs }
  return {}
}

export function priceRange(skus: Sku[]): { min: number; max: number } | null {
  if (!skus.length) return null
  let min = skus[0].priceFen
  let max = min
  for (const s of skus) {
    if (s.priceFen < min) min = s.priceFen
    if (s.priceFen > max) max = s.priceFen
  }
  return { min, max }
}
