/**
 * The product edit form as plain data, and what it sends: a create body for a new product, or for an
 * existing one only what changed (one PATCH: fields, SKU changes, new SKUs, shelf status). Prices are typed
 * in yuan and sent as fen (parseYuan, no floating point); commission overrides are typed in percent and sent
 * as basis points. The SKU matrix itself lives in skuMatrix.ts. Pure, so it is unit-tested without a page.
 */
import { MAX_LEVEL_RATE_BPS as MAX_LEVEL_BPS, MAX_TOTAL_RATE_BPS as MAX_TOTAL_BPS, fenToYuanString, parseYuan } from '@shareshop/common/rules';
import { ApiError } from '../../api/client';
import type { CreateProductBody, DetailBlock, ProductView, SkuPatch, UpdateProductBody } from '../../api/types';
import { bpsToPercent, percentToBps } from '../commission/rules';
import { type SkuRow, type SpecDim, dimsFromSkus, emptyRow, rowLabel, rowOnSale } from './skuMatrix';

export type { SkuRow, SpecDim } from './skuMatrix';

export const MAX_IMAGES = 9;
export const MAX_DETAIL_BLOCKS = 30;

export const COMMISSION_LEVELS = ['commissionL1Bps', 'commissionL2Bps', 'commissionL3Bps'] as const;
type LevelKey = (typeof COMMISSION_LEVELS)[number];

export interface ProductForm {
  title: string;
  subtitle: string;
  description: string;
  /** gallery, in order; the first is the main image */
  images: string[];
  /** a name from GET /categories; '' for none */
  category: string;
  /** 图文详情: ordered text and image blocks */
  detail: DetailBlock[];
  /** spec dimensions (颜色, 尺码, ...); while editing their number is fixed (existing SKUs are keyed by them) */
  dims: SpecDim[];
  skus: SkuRow[];
  onSale: boolean;
  /** per-product commission override: off = the merchant's rates; levels typed in percent */
  customCommission: boolean;
  commission: Record<LevelKey, string>;
  /** 每人限购: the most one buyer may hold (unpaid and paid); '' = no limit */
  purchaseLimit: string;
}

/** The API's bound for 每人限购 (packages/common PurchaseLimit). */
export const MAX_PURCHASE_LIMIT = 999;

/** A new row for a product without dimensions, or for the given values. */
export const emptySku = (specCount: number, specs: string[] = Array.from({ length: specCount }, () => '')): SkuRow => emptyRow(specs);

export function emptyForm(): ProductForm {
  return {
    title: '',
    subtitle: '',
    description: '',
    images: [],
    category: '',
    detail: [],
    dims: [],
    skus: [emptyRow([])],
    onSale: true,
    customCommission: false,
    commission: { commissionL1Bps: '', commissionL2Bps: '', commissionL3Bps: '' },
    purchaseLimit: '',
  };
}

const yuanOrBlank = (fen: number | null) => (fen === null ? '' : fenToYuanString(fen));

export function formFromProduct(p: ProductView): ProductForm {
  const custom = COMMISSION_LEVELS.some((k) => p[k] !== null);
  return {
    title: p.title,
    subtitle: p.subtitle,
    description: p.description,
    images: [...p.images],
    category: p.category,
    detail: (p.detail ?? []).map((b) => ({ ...b })),
    dims: dimsFromSkus(p.specNames, p.skus),
    skus: p.skus.map((s) => ({
      id: s.id,
      specs: [...s.specValues],
      price: fenToYuanString(s.price),
      listPrice: yuanOrBlank(s.listPrice),
      stock: '',
      code: s.code,
      active: s.active,
      currentStock: s.stock,
    })),
    onSale: p.status === 'on_sale',
    customCommission: custom,
    commission: {
      commissionL1Bps: p.commissionL1Bps === null ? '' : bpsToPercent(p.commissionL1Bps),
      commissionL2Bps: p.commissionL2Bps === null ? '' : bpsToPercent(p.commissionL2Bps),
      commissionL3Bps: p.commissionL3Bps === null ? '' : bpsToPercent(p.commissionL3Bps),
    },
    purchaseLimit: p.purchaseLimit === null ? '' : String(p.purchaseLimit),
  };
}

/** 每人限购 as the API takes it: null for none, undefined when the text is not a whole number in 1..999. */
function purchaseLimitOf(form: ProductForm): number | null | undefined {
  const text = form.purchaseLimit.trim();
  if (!text) return null;
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= MAX_PURCHASE_LIMIT ? n : undefined;
}

/** The rows a save writes: every existing SKU (patched), and the new rows that are switched on. */
const sentRows = (form: ProductForm) => form.skus.filter((r) => r.id !== undefined || rowOnSale(r));

/** The override in bps per level ('' = the merchant's rate → null); undefined when a level is not a valid percentage. */
function overrideBps(form: ProductForm): Record<LevelKey, number | null> | undefined {
  const out = {} as Record<LevelKey, number | null>;
  for (const k of COMMISSION_LEVELS) {
    const text = form.commission[k].trim();
    const bps = text ? percentToBps(text) : null;
    if (text && (bps === null || bps > MAX_LEVEL_BPS)) return undefined;
    out[k] = bps;
  }
  return out;
}

/** The first thing to fix before saving, in Chinese; null when the form can be sent. */
export function formProblem(form: ProductForm): string | null {
  if (!form.title.trim()) return '请填写商品名称';
  if (form.images.length > MAX_IMAGES) return `最多 ${MAX_IMAGES} 张图片`;
  if (form.onSale && !form.images.length) return '上架销售需要主图：请至少上传一张商品图片';
  const names = form.dims.map((d) => d.name.trim());
  for (const [i, d] of form.dims.entries()) {
    if (!names[i]) return `请填写第 ${i + 1} 个规格的名称（如 颜色）`;
    if (names.indexOf(names[i]!) !== i) return `规格名「${names[i]}」重复`;
    if (!d.values.length) return `请为「${names[i]}」添加至少一个规格值`;
  }
  const rows = sentRows(form);
  if (!rows.length) return '至少需要一个 SKU';
  for (const s of rows) {
    if (!rowOnSale(s) && s.id !== undefined && s.removed) continue; // only disabled; its figures are not sent
    const name = form.dims.length ? `「${rowLabel(s)}」` : '';
    const fen = parseYuan(s.price);
    if (fen === null || fen <= 0) return `${name}请填写正确的价格（元，最多两位小数）`;
    if (s.listPrice.trim()) {
      const list = parseYuan(s.listPrice);
      if (list === null || list <= 0) return `${name}划线价格式不对（元，最多两位小数）`;
      if (list <= fen) return `${name}划线价应高于售价`;
    }
    if (s.id === undefined && !/^\d+$/.test(s.stock.trim())) return `${name}请填写库存（非负整数）`;
    if (s.code.trim().length > 40) return `${name}编码最多 40 个字符`;
  }
  if (form.onSale && !form.skus.some(rowOnSale)) return '在售商品至少需要启用一个 SKU';
  if (purchaseLimitOf(form) === undefined) return `每人限购请填 1–${MAX_PURCHASE_LIMIT} 的整数，不限购请留空`;
  if (form.detail.length > MAX_DETAIL_BLOCKS) return `图文详情最多 ${MAX_DETAIL_BLOCKS} 段`;
  const blank = form.detail.findIndex((b) => b.type === 'text' && !b.text.trim());
  if (blank >= 0) return `图文详情第 ${blank + 1} 段文字为空`;
  if (form.customCommission) {
    const bps = overrideBps(form);
    if (!bps) return `佣金比例请填 0–${MAX_LEVEL_BPS / 100} 之间、最多两位小数的数字`;
    const total = COMMISSION_LEVELS.reduce((n, k) => n + (bps[k] ?? 0), 0);
    if (total > MAX_TOTAL_BPS) return `三级佣金合计不能超过 ${MAX_TOTAL_BPS / 100}%`;
  }
  return null;
}

const fen = (yuan: string) => parseYuan(yuan)!;
const listFen = (yuan: string) => (yuan.trim() ? fen(yuan) : null);

/** POST /merchant/products for a new product (call formProblem first). */
export function createBody(form: ProductForm): CreateProductBody {
  const body: CreateProductBody = {
    title: form.title.trim(),
    subtitle: form.subtitle.trim(),
    description: form.description.trim(),
    images: form.images,
    specNames: form.dims.map((d) => d.name.trim()),
    status: form.onSale ? 'on_sale' : 'draft',
    skus: sentRows(form).map((s) => {
      const sku: CreateProductBody['skus'][number] = { specValues: s.specs.map((v) => v.trim()), price: fen(s.price), stock: Number(s.stock.trim()) };
      if (s.listPrice.trim()) sku.listPrice = fen(s.listPrice);
      if (s.code.trim()) sku.code = s.code.trim();
      return sku;
    }),
  };
  if (form.category) body.category = form.category;
  if (form.detail.length) body.detail = trimDetail(form.detail);
  if (form.customCommission) Object.assign(body, overrideBps(form));
  const limit = purchaseLimitOf(form);
  if (limit) body.purchaseLimit = limit;
  return body;
}

const trimDetail = (detail: DetailBlock[]): DetailBlock[] => detail.map((b) => (b.type === 'text' ? { type: 'text', text: b.text.trim() } : b));
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** PATCH /merchant/products/:id with only what changed; `{}` when nothing did (call formProblem first). */
export function editBody(form: ProductForm, original: ProductView): UpdateProductBody {
  const body: UpdateProductBody = {};
  for (const key of ['title', 'subtitle', 'description'] as const) {
    if (form[key].trim() !== original[key]) body[key] = form[key].trim();
  }
  if (!sameList(form.images, original.images)) body.images = form.images;
  if (form.category !== original.category) body.category = form.category;
  const detail = trimDetail(form.detail);
  if (JSON.stringify(detail) !== JSON.stringify(original.detail ?? [])) body.detail = detail;
  const names = form.dims.map((d) => d.name.trim());
  if (!sameList(names, original.specNames)) body.specNames = names;
  const wasOnSale = original.status === 'on_sale';
  if (form.onSale !== wasOnSale) body.status = form.onSale ? 'on_sale' : 'off_sale';
  const override = form.customCommission ? overrideBps(form)! : { commissionL1Bps: null, commissionL2Bps: null, commissionL3Bps: null };
  for (const k of COMMISSION_LEVELS) if (override[k] !== original[k]) body[k] = override[k];
  const limit = purchaseLimitOf(form);
  if (limit !== undefined && limit !== original.purchaseLimit) body.purchaseLimit = limit;

  const patches: SkuPatch[] = [];
  for (const row of form.skus) {
    const sku = row.id === undefined ? undefined : original.skus.find((s) => s.id === row.id);
    if (!sku) continue;
    const patch: SkuPatch = { id: sku.id };
    const active = rowOnSale(row);
    if (active !== sku.active) patch.active = active;
    if (!row.removed) {
      const price = fen(row.price);
      if (price !== sku.price) patch.price = price;
      const list = listFen(row.listPrice);
      if (list !== sku.listPrice) patch.listPrice = list;
      if (row.code.trim() !== sku.code) patch.code = row.code.trim();
      const specs = row.specs.map((v) => v.trim());
      if (!sameList(specs, sku.specValues)) patch.specValues = specs;
    }
    if (Object.keys(patch).length > 1) patches.push(patch);
  }
  if (patches.length) body.skus = patches;
  const added = form.skus.filter((r) => r.id === undefined && rowOnSale(r));
  if (added.length) {
    body.newSkus = added.map((s) => {
      const sku: NonNullable<UpdateProductBody['newSkus']>[number] = {
        specValues: s.specs.map((v) => v.trim()),
        price: fen(s.price),
        stock: Number(s.stock.trim()),
      };
      if (s.listPrice.trim()) sku.listPrice = fen(s.listPrice);
      if (s.code.trim()) sku.code = s.code.trim();
      return sku;
    });
  }
  return body;
}

const FIELD_LABELS: Record<string, string> = {
  title: '商品名称',
  subtitle: '副标题',
  description: '商品描述',
  images: '商品图片',
  category: '商品类目',
  detail: '图文详情',
  specNames: '规格名',
  status: '上架状态',
  commissionL1Bps: '一级佣金',
  purchaseLimit: '每人限购',
  commissionL2Bps: '二级佣金',
  commissionL3Bps: '三级佣金',
};

/**
 * What to show when a save is refused: the API names the field (`skus.1.price: 必须大于 0`); say it the
 * way the form does (`「白色 / M」：必须大于 0`). `sent` is the body of an edit (its `skus` are only the
 * changed rows, by id), or undefined for a create (its `skus` are the rows sent, in form order). Other
 * errors: null, and the caller shows its default message.
 */
export function saveErrorText(err: unknown, form: ProductForm, sent?: UpdateProductBody): string | null {
  if (!(err instanceof ApiError) || (err.status !== 400 && err.status !== 409)) return null;
  const issue = (Array.isArray(err.details) ? err.details[0] : undefined) as { field?: string; message?: string } | undefined;
  if (!issue?.field || !issue.message) return null;
  const [head, index] = issue.field.split('.');
  let label = FIELD_LABELS[head!];
  if (head === 'skus' || head === 'newSkus') {
    const n = Number(index);
    const row = !sent
      ? sentRows(form)[n]
      : head === 'skus'
        ? form.skus.find((s) => s.id !== undefined && s.id === sent.skus?.[n]?.id)
        : form.skus.filter((s) => s.id === undefined && rowOnSale(s))[n];
    label = row ? (form.dims.length ? `「${rowLabel(row)}」` : 'SKU') : 'SKU';
  }
  return `${label ?? issue.field}：${issue.message}`;
}
