import { z } from 'zod';
import { REFERRAL_CODE_PATTERN } from './share.js';
import { BodyId, IdParam, ImageUrl, IsoDate, PageFields, page, text } from './schema-kit.js';

export const ShopKind = z.enum(['merchant', 'distributor']);
export type ShopKind = z.infer<typeof ShopKind>;
export const ShopTheme = z.enum(['red', 'orange', 'green', 'blue', 'purple', 'black'], { error: '主题只能是 red/orange/green/blue/purple/black' });
export type ShopTheme = z.infer<typeof ShopTheme>;

/** Referral codes: short, letters and digits (REFERRAL_CODE_PATTERN; see newReferralCode in the API). */
export const ReferralCode = z.string({ error: '必须是字符串' }).trim().regex(REFERRAL_CODE_PATTERN, '推荐码格式不正确');

export const ShopIdParam = IdParam;
export const ShopProductsQuery = z.strictObject({ ...PageFields });
export type ShopProductsQuery = z.infer<typeof ShopProductsQuery>;

export const ShopProductCard = z.object({
  id: z.number().int(),
  merchantId: z.number().int(),
  title: z.string(),
  subtitle: z.string(),
  image: z.string().nullable(),
  /** lowest price among the product's active SKUs, fen */
  minPrice: z.number().int(),
  listPrice: z.number().int().nullable(),
  /** total stock over active SKUs */
  stock: z.number().int(),
});
export type ShopProductCard = z.infer<typeof ShopProductCard>;

export const ShopProductsPage = page(ShopProductCard);
export type ShopProductsPage = z.infer<typeof ShopProductsPage>;

/** GET /shops/:id and /shops/default: the public face of a shop. */
export const ShopView = z.object({
  id: z.number().int(),
  kind: ShopKind,
  name: z.string(),
  avatarUrl: z.string().nullable(),
  bannerUrl: z.string().nullable(),
  theme: z.string(),
  owner: z.object({ userId: z.number().int(), nickname: z.string(), avatarUrl: z.string().nullable(), referralCode: z.string() }),
  products: ShopProductsPage,
});
export type ShopView = z.infer<typeof ShopView>;

export const CloneShopBody = z.strictObject({ fromShopId: BodyId });
export type CloneShopBody = z.infer<typeof CloneShopBody>;

export const UpdateShopBody = z
  .strictObject({
    name: text(30, 1).optional(),
    avatarUrl: ImageUrl.nullable().optional(),
    bannerUrl: ImageUrl.nullable().optional(),
    theme: ShopTheme.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: '至少修改一项', path: ['name'] });
export type UpdateShopBody = z.infer<typeof UpdateShopBody>;

/** PUT /shops/mine/products: the whole ordered selection; the platform limit is checked by the API. */
export const SetShopProductsBody = z.strictObject({
  productIds: z
    .array(BodyId, { error: '必须是商品 id 数组' })
    .max(500, '最多 500 件')
    .refine((ids) => new Set(ids).size === ids.length, '商品不能重复'),
});
export type SetShopProductsBody = z.infer<typeof SetShopProductsBody>;

/** GET /shops/mine (and the clone result): the owner's view. */
export const MyShopView = z.object({
  id: z.number().int(),
  kind: ShopKind,
  name: z.string(),
  avatarUrl: z.string().nullable(),
  bannerUrl: z.string().nullable(),
  theme: z.string(),
  clonedFromShopId: z.number().int().nullable(),
  productIds: z.array(z.number().int()),
  productLimit: z.number().int(),
  referralCode: z.string(),
  /** the mini program code scene and a share path carrying shopId + ref */
  share: z.object({ scene: z.string(), path: z.string() }),
  createdAt: IsoDate,
});
export type MyShopView = z.infer<typeof MyShopView>;

export const CloneShopResult = MyShopView.extend({
  created: z.boolean(),
  binding: z.object({ outcome: z.string(), reason: z.string().nullable(), uplineUserId: z.number().int().nullable() }),
});
export type CloneShopResult = z.infer<typeof CloneShopResult>;

export const ShopOrdersQuery = z.strictObject({ ...PageFields });
export type ShopOrdersQuery = z.infer<typeof ShopOrdersQuery>;
/**
 * Where this shop owner's level-1 commission on an order stands: `none` (no commission: e.g. levels 0 or
 * self-purchase), `pending` (frozen until receipt + after-sale window), `available` (released to the
 * wallet), `reversed` (fully reversed by refunds).
 */
export const ShopOrderCommissionStatus = z.enum(['none', 'pending', 'available', 'reversed']);
export type ShopOrderCommissionStatus = z.infer<typeof ShopOrderCommissionStatus>;

export const ShopOrderRow = z.object({
  orderId: z.number().int(),
  orderNo: z.string().nullable(),
  status: z.string().nullable(),
  /** masked (maskNickname): a shop owner sees that someone bought, not who */
  buyerNickname: z.string(),
  /** first line's title, and the number of pieces in the order */
  title: z.string(),
  quantity: z.number().int(),
  paidAmount: z.number().int(),
  refundedAmount: z.number().int(),
  /** what this shop's owner earns on it at level 1, net of reversals (0 when none) */
  commission: z.number().int(),
  commissionStatus: ShopOrderCommissionStatus,
  paidAt: IsoDate,
});
export const ShopOrdersView = page(ShopOrderRow);
export type ShopOrdersView = z.infer<typeof ShopOrdersView>;

export const ResolveSceneBody = z.strictObject({ scene: text(128, 1) });
export type ResolveSceneBody = z.infer<typeof ResolveSceneBody>;
export const ResolveSceneView = z.object({
  shopId: z.number().int().nullable(),
  referralCode: z.string().nullable(),
  /** the referrer's public face, when the code names a user */
  referrer: z.object({ nickname: z.string(), avatarUrl: z.string().nullable() }).nullable(),
});
export type ResolveSceneView = z.infer<typeof ResolveSceneView>;

/**
 * A nickname as shown to people other than its owner: first and last character kept, the rest starred
 * ('Carol' → 'C***l', '张三' → '张*', '李' → '*'). Counts characters, not UTF-16 units (emoji stay whole).
 */
export function maskNickname(nickname: string): string {
  const chars = Array.from(nickname.trim());
  if (chars.length === 0) return '匿名用户';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 3))}${chars[chars.length - 1]}`;
}
