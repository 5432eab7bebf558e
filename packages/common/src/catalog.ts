import { z } from 'zod';
import { pageSchema, IdParam } from './ids.js';
import { BodyId, BpsRate, FenAmount, ImageUrl, IsoDate, PageFields, PriceFen, multilineText, text } from './schema-kit.js';

export const ProductStatus = z.enum(['draft', 'on_sale', 'off_sale']);
export type ProductStatus = z.infer<typeof ProductStatus>;

/** SKUs per product (create and edit alike). */
export const MAX_SKUS = 50;

const SpecValues = z.array(text(20, 1), { error: '必须是字符串数组' }).max(3, '最多 3 个规格');
const StockCount = z.number({ error: '必须是整数' }).int('必须是整数').min(0, '不能为负数').max(10_000_000, '库存过大');

export const SkuInput = z.strictObject({
  specValues: SpecValues.default([]),
  price: PriceFen,
  listPrice: PriceFen.nullable().optional(),
  /** Initial stock; later changes go through stock adjustments (with history). */
  stock: StockCount.default(0),
  code: text(40).default(''),
});
export type SkuInput = z.input<typeof SkuInput>;

/** 限购: how many of a product one buyer may hold (unpaid plus paid orders); null = no limit. */
const PurchaseLimit = z.number({ error: '必须是整数' }).int('必须是整数').min(1, '至少为 1').max(999, '不能超过 999');

/** Per-product commission override; null means "use the merchant's default rate". */
const CommissionOverride = {
  commissionL1Bps: BpsRate.nullable().optional(),
  commissionL2Bps: BpsRate.nullable().optional(),
  commissionL3Bps: BpsRate.nullable().optional(),
};

/**
 * Rich description (商品详情), shown under the gallery: an ordered list of text paragraphs and images.
 * Stored as a JSON array on the product; image URLs follow the same rules as the gallery.
 */
export const DetailBlock = z.discriminatedUnion(
  'type',
  [z.strictObject({ type: z.literal('text'), text: multilineText(2000, 1) }), z.strictObject({ type: z.literal('image'), url: ImageUrl })],
  { error: "必须是 {type:'text',text} 或 {type:'image',url}" },
);
export type DetailBlock = z.infer<typeof DetailBlock>;
export const MAX_DETAIL_BLOCKS = 30;
const Detail = z.array(DetailBlock, { error: '必须是数组' }).max(MAX_DETAIL_BLOCKS, `最多 ${MAX_DETAIL_BLOCKS} 段`);

/** POST /merchant/products */
export const CreateProductBody = z.strictObject({
  title: text(60, 1),
  subtitle: text(100).default(''),
  description: multilineText(5000).default(''),
  images: z.array(ImageUrl, { error: '必须是图片地址数组' }).max(9, '最多 9 张图片').default([]),
  detail: Detail.default([]),
  /** a name from GET /categories, or '' for none */
  category: text(20).default(''),
  specNames: z.array(text(10, 1), { error: '必须是字符串数组' }).max(3, '最多 3 个规格').default([]),
  status: z.enum(['draft', 'on_sale'], { error: '只能是 draft 或 on_sale' }).default('draft'),
  skus: z.array(SkuInput, { error: '必须是数组' }).min(1, '至少一个 SKU').max(MAX_SKUS, `最多 ${MAX_SKUS} 个 SKU`),
  purchaseLimit: PurchaseLimit.nullable().default(null),
  ...CommissionOverride,
});
export type CreateProductBody = z.input<typeof CreateProductBody>;

/** PATCH /merchant/skus/:skuId — price and description of one SKU (stock only via adjustments). */
export const UpdateSkuBody = z.strictObject({
  specValues: SpecValues.optional(),
  price: PriceFen.optional(),
  listPrice: PriceFen.nullable().optional(),
  code: text(40).optional(),
  active: z.boolean({ error: '必须是布尔值' }).optional(),
});
export type UpdateSkuBody = z.infer<typeof UpdateSkuBody>;

/** One existing SKU in PATCH /merchant/products/:id: its id and the fields to change. */
export const SkuPatch = z.strictObject({ id: BodyId, ...UpdateSkuBody.shape });
export type SkuPatch = z.infer<typeof SkuPatch>;

/**
 * PATCH /merchant/products/:id — the merchant's edit page saves in one request, applied in one transaction
 * (a bad field anywhere changes nothing): descriptive fields, commission override, existing SKUs (`skus`,
 * by id: price, specs, enable/disable), SKUs to add (`newSkus`, with initial stock) and the status
 * (on/off shelf). Stock of existing SKUs changes only through stock adjustments (with history).
 */
export const UpdateProductBody = z.strictObject({
  title: text(60, 1).optional(),
  subtitle: text(100).optional(),
  description: multilineText(5000).optional(),
  images: z.array(ImageUrl, { error: '必须是图片地址数组' }).max(9, '最多 9 张图片').optional(),
  detail: Detail.optional(),
  category: text(20).optional(),
  specNames: z.array(text(10, 1)).max(3, '最多 3 个规格').optional(),
  status: ProductStatus.optional(),
  skus: z
    .array(SkuPatch, { error: '必须是数组' })
    .max(MAX_SKUS, `最多 ${MAX_SKUS} 个 SKU`)
    .refine((list) => new Set(list.map((s) => s.id)).size === list.length, 'SKU 不能重复')
    .optional(),
  newSkus: z.array(SkuInput, { error: '必须是数组' }).max(MAX_SKUS, `最多 ${MAX_SKUS} 个 SKU`).optional(),
  /** null removes the limit */
  purchaseLimit: PurchaseLimit.nullable().optional(),
  ...CommissionOverride,
});
export type UpdateProductBody = z.input<typeof UpdateProductBody>;

/** POST /merchant/products/:id/status */
export const SetProductStatusBody = z.strictObject({ status: ProductStatus });
export type SetProductStatusBody = z.infer<typeof SetProductStatusBody>;

/** POST /merchant/skus/:skuId/stock-adjustments — refused (409) if stock would go negative. */
export const StockAdjustmentBody = z.strictObject({
  delta: z
    .number({ error: '必须是整数' })
    .int('必须是整数')
    .min(-10_000_000, '过小')
    .max(10_000_000, '过大')
    .refine((d) => d !== 0, '不能为 0'),
  reason: text(100, 1),
});
export type StockAdjustmentBody = z.infer<typeof StockAdjustmentBody>;

/**
 * POST /merchant/skus/:skuId/stock — set the stock to an absolute value (a stock count, 盘点); recorded in
 * the history with the difference it made. Hot SKUs keep their stock slots (docs/hot-stock.md).
 */
export const SetStockBody = z.strictObject({
  stock: StockCount,
  reason: text(100).default('盘点'),
});
export type SetStockBody = z.input<typeof SetStockBody>;

/** initial: given when the SKU was created; adjust: a delta; set: an absolute value (盘点). */
export const StockMovementKind = z.enum(['initial', 'adjust', 'set']);
export type StockMovementKind = z.infer<typeof StockMovementKind>;

export const StockAdjustmentView = z.object({
  id: z.number().int(),
  kind: StockMovementKind,
  skuId: z.number().int(),
  delta: z.number().int(),
  stockAfter: z.number().int(),
  reason: z.string(),
  actorUserId: z.number().int().nullable(),
  createdAt: IsoDate,
});
export type StockAdjustmentView = z.infer<typeof StockAdjustmentView>;
export const StockAdjustmentList = z.object({ items: z.array(StockAdjustmentView) });
export type StockAdjustmentList = z.infer<typeof StockAdjustmentList>;

const Threshold = z.coerce.number({ error: '必须是整数' }).int('必须是整数').min(0, '不能为负数').max(100_000, '过大');

/** GET /merchant/stock/low?threshold= (default: the merchant's low-stock threshold) */
export const LowStockQuery = z.strictObject({ threshold: Threshold.optional() });
export type LowStockQuery = z.infer<typeof LowStockQuery>;

export const SkuView = z.object({
  id: z.number().int(),
  productId: z.number().int(),
  specValues: z.array(z.string()),
  price: FenAmount,
  listPrice: FenAmount.nullable(),
  stock: z.number().int(),
  sold: z.number().int(),
  code: z.string(),
  active: z.boolean(),
});
export type SkuView = z.infer<typeof SkuView>;

export const LowStockList = z.object({ items: z.array(SkuView.extend({ productTitle: z.string() })) });
export type LowStockList = z.infer<typeof LowStockList>;

/** GET/PUT /merchant/stock/settings — the stock at or below which a SKU is highlighted as low. */
export const StockSettingsBody = z.strictObject({
  lowStockThreshold: z.number({ error: '必须是整数' }).int('必须是整数').min(0, '不能为负数').max(100_000, '过大'),
});
export type StockSettingsBody = z.infer<typeof StockSettingsBody>;
export const StockSettingsView = StockSettingsBody;
export type StockSettingsView = StockSettingsBody;

/** GET /merchant/stock — every SKU of the merchant with its stock, low ones flagged; `lowOnly` lists only those. */
export const MerchantStockQuery = z.strictObject({
  q: text(40).optional(),
  lowOnly: z.enum(['true', 'false'], { error: '只能是 true 或 false' }).optional(),
  ...PageFields,
});
export type MerchantStockQuery = z.infer<typeof MerchantStockQuery>;
export const StockRowView = SkuView.extend({
  productTitle: z.string(),
  productImage: z.string().nullable(),
  specNames: z.array(z.string()),
  low: z.boolean(),
});
export type StockRowView = z.infer<typeof StockRowView>;
export const MerchantStockPage = pageSchema(StockRowView).extend({ lowStockThreshold: z.number().int() });
export type MerchantStockPage = z.infer<typeof MerchantStockPage>;

/** GET /categories — the platform's product categories, in display order. */
export const CategoryView = z.object({ id: z.number().int(), name: z.string(), parentId: z.number().int().nullable() });
export type CategoryView = z.infer<typeof CategoryView>;
export const CategoryList = z.object({ items: z.array(CategoryView) });
export type CategoryList = z.infer<typeof CategoryList>;

export const ProductView = z.object({
  id: z.number().int(),
  merchantId: z.number().int(),
  title: z.string(),
  subtitle: z.string(),
  description: z.string(),
  images: z.array(z.string()),
  detail: z.array(DetailBlock),
  category: z.string(),
  specNames: z.array(z.string()),
  status: ProductStatus,
  commissionL1Bps: z.number().int().nullable(),
  commissionL2Bps: z.number().int().nullable(),
  commissionL3Bps: z.number().int().nullable(),
  /** 限购 per buyer (unpaid plus paid orders), null = none */
  purchaseLimit: z.number().int().nullable(),
  /** Lowest active SKU price, fen. */
  priceFrom: FenAmount,
  skus: z.array(SkuView),
  createdAt: IsoDate,
  updatedAt: IsoDate,
});
export type ProductView = z.infer<typeof ProductView>;
export const ProductPage = pageSchema(ProductView);
export type ProductPage = z.infer<typeof ProductPage>;

/** GET /merchant/products */
export const MerchantProductsQuery = z.strictObject({ status: ProductStatus.optional(), ...PageFields });
export type MerchantProductsQuery = z.infer<typeof MerchantProductsQuery>;

/** GET /products — public, on-sale only. */
export const PublicProductsQuery = z.strictObject({
  merchantId: IdParam.optional(),
  category: text(20).optional(),
  q: text(40).optional(),
  ...PageFields,
});
export type PublicProductsQuery = z.infer<typeof PublicProductsQuery>;

/**
 * POST /merchant/uploads (multipart/form-data, one part named `file`): a product image stored by the API.
 * `url` is a site path (`/uploads/...`) usable wherever an image URL is accepted.
 */
export const UploadedImageView = z.object({
  url: z.string(),
  contentType: z.enum(['image/jpeg', 'image/png', 'image/webp', 'image/gif']),
  size: z.number().int(),
});
export type UploadedImageView = z.infer<typeof UploadedImageView>;
