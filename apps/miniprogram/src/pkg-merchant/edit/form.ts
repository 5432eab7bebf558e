/**
 * The product edit form as plain data, and what it sends: a create body for a new product, or for an
 * existing one only what changed (one PATCH: fields, SKU changes, new SKUs, shelf status). Prices are typed
 * in yuan and sent as fen (parseYuan, no floating point). Pure, so it is unit-tested without a page.
 */
import { fenToYuanString, parseYuan } from '@shareshop/common'
import { ApiError } from '../../api/client'
import type { CreateProductBody, ProductView, SkuPatch, UpdateProductBody } from '../../api/types'

export const MAX_IMAGES = 9

export interface SkuRow {
  /** set for SKUs that exist; new rows have none */
  id?: number
  /** one value per spec name */
  specs: string[]
  /** yuan, as typed */
  price: string
  /** initial stock, new rows only (existing stock changes through 库存 adjustments) */
  stock: string
  active: boolean
  /** read-only for existing rows */
  currentStock?: number
}

export interface ProductForm {
  title: string
  subtitle: string
  description: string
  images: string[]
  /** spec names; editable only while creating (existing SKUs are keyed by them) */
  specNames: string[]
  skus: SkuRow[]
  onSale: boolean
}

export const emptySku = (specCount: number): SkuRow => ({ specs: Array.from({ length: specCount }, () => ''), price: '', stock: '', active: true })

export function emptyForm(): ProductForm {
  return { title: '', subtitle: '', description: '', images: [], specNames: [], skus: [emptySku(0)], onSale: true }
}

export function formFromProduct(p: ProductView): ProductForm {
  return {
    title: p.title,
    subtitle: p.subtitle,
    description: p.description,
    images: [...p.images],
    specNames: [...p.specNames],
    skus: p.skus.map((s) => ({ id: s.id, specs: [...s.specValues], price: fenToYuanString(s.price), stock: '', active: s.active, currentStock: s.stock })),
    onSale: p.status === 'on_sale',
  }
}

/** The first thing to fix before saving, in Chinese; null when the form can be sent. */
export function formProblem(form: ProductForm): string | null {
  if (!form.title.trim()) return '请填写商品名称'
  if (form.images.length > MAX_IMAGES) return `最多 ${MAX_IMAGES} 张图片`
  if (!form.skus.length) return '至少需要一个 SKU'
  const seen = new Set<string>()
  for (const [i, s] of form.skus.entries()) {
    const name = `SKU ${i + 1}`
    const missing = form.specNames.findIndex((_, j) => !s.specs[j]?.trim())
    if (missing >= 0) return `请填写${name}的${form.specNames[missing]}`
    const key = JSON.stringify(s.specs.map((v) => v.trim()))
    if (seen.has(key)) return form.specNames.length ? `${name}与前面的规格重复` : '单规格商品只能有一个 SKU，请先填写规格名'
    seen.add(key)
    const fen = parseYuan(s.price)
    if (fen === null || fen <= 0) return `${name}：请填写正确的价格（元，最多两位小数）`
    if (s.id === undefined && !/^\d+$/.test(s.stock.trim())) return `${name}：请填写库存（非负整数）`
  }
  if (form.onSale && !form.skus.some((s) => s.active)) return '在售商品至少需要启用一个 SKU'
  return null
}

/** POST /merchant/products for a new product (call formProblem first). */
export function createBody(form: ProductForm): CreateProductBody {
  return {
    title: form.title.trim(),
    subtitle: form.subtitle.trim(),
    description: form.description.trim(),
    images: form.images,
    specNames: form.specNames.map((n) => n.trim()),
    status: form.onSale ? 'on_sale' : 'draft',
    skus: form.skus.map((s) => ({ specValues: s.specs.map((v) => v.trim()), price: parseYuan(s.price)!, stock: Number(s.stock.trim()) })),
  }
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i])

/** PATCH /merchant/products/:id with only what changed; `{}` when nothing did (call formProblem first). */
export function editBody(form: ProductForm, original: ProductView): UpdateProductBody {
  const body: UpdateProductBody = {}
  for (const key of ['title', 'subtitle', 'description'] as const) {
    if (form[key].trim() !== original[key]) body[key] = form[key].trim()
  }
  if (!sameList(form.images, original.images)) body.images = form.images
  const wasOnSale = original.status === 'on_sale'
  if (form.onSale !== wasOnSale) body.status = form.onSale ? 'on_sale' : 'off_sale'
  const patches: SkuPatch[] = []
  for (const row of form.skus) {
    const sku = row.id === undefined ? undefined : original.skus.find((s) => s.id === row.id)
    if (!sku) continue
    const patch: SkuPatch = { id: sku.id }
    const price = parseYuan(row.price)!
    if (price !== sku.price) patch.price = price
    if (row.active !== sku.active) patch.active = row.active
    const specs = row.specs.map((v) => v.trim())
    if (!sameList(specs, sku.specValues)) patch.specValues = specs
    if (Object.keys(patch).length > 1) patches.push(patch)
  }
  if (patches.length) body.skus = patches
  const added = form.skus.filter((r) => r.id === undefined)
  if (added.length) body.newSkus = added.map((s) => ({ specValues: s.specs.map((v) => v.trim()), price: parseYuan(s.price)!, stock: Number(s.stock.trim()) }))
  return body
}

const FIELD_LABELS: Record<string, string> = { title: '商品名称', subtitle: '副标题', description: '商品详情', images: '商品图片', specNames: '规格名', status: '上架状态' }

/**
 * What to show when a save is refused: the API names the field (`skus.1.price: 必须大于 0`); say it the
 * way the form does (`SKU 2：必须大于 0`). `sent` is the body of an edit (its `skus` are only the changed
 * rows, by id), or undefined for a create (its `skus` are the form's rows). Other errors: null, and the
 * caller shows its default message.
 */
export function saveErrorText(err: unknown, form: ProductForm, sent?: UpdateProductBody): string | null {
  if (!(err instanceof ApiError) || err.status !== 400) return null
  const issue = (Array.isArray(err.details) ? err.details[0] : undefined) as { field?: string; message?: string } | undefined
  if (!issue?.field || !issue.message) return null
  const [head, index] = issue.field.split('.')
  let label = FIELD_LABELS[head!]
  if (head === 'skus' || head === 'newSkus') {
    const n = Number(index)
    let row = -1
    if (!sent) row = n
    else if (head === 'skus') row = form.skus.findIndex((s) => s.id !== undefined && s.id === sent.skus?.[n]?.id)
    else row = form.skus.map((s, i) => (s.id === undefined ? i : -1)).filter((i) => i >= 0)[n] ?? -1
    label = row >= 0 ? `SKU ${row + 1}` : 'SKU'
  }
  return `${label ?? issue.field}：${issue.message}`
}
