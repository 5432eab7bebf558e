import { z } from 'zod';
import { BpsRate, FenAmount, ImageUrl, IsoDate, text } from './schema-kit.js';
import { MAX_FREE_SHIPPING_ABOVE_FEN, MAX_FREIGHT_FEE_FEN } from './freight.js';

export const MerchantStatus = z.enum(['pending', 'approved', 'rejected', 'suspended']);
export type MerchantStatus = z.infer<typeof MerchantStatus>;

/** Business categories an applicant picks from (商家入驻). */
export const MERCHANT_CATEGORIES = ['食品', '茶饮', '粮油', '水果', '零食', '服饰', '家居', '日化', '数码', '其他'] as const;
export const MerchantCategory = z.enum(MERCHANT_CATEGORIES, { error: `必须是 ${MERCHANT_CATEGORIES.join('、')} 之一` });

/** How a merchant's T+1 statements are paid: WeChat Pay profit sharing (分账) or by hand (bank transfer). */
export const SettlementMode = z.enum(['profit_sharing', 'manual'], { error: '必须是 profit_sharing 或 manual' });
export type SettlementMode = z.infer<typeof SettlementMode>;

/**
 * POST /merchants — a signed-in user applies to become a merchant (a platform admin approves). The mini
 * program's 商家入驻 page sends every field; the contact fields stay optional for API clients that predate it.
 * A user whose application was rejected applies again with this body: the same merchant goes back to pending.
 */
export const ApplyMerchantBody = z.strictObject({
  name: text(40, 1),
  logoUrl: ImageUrl.optional(),
  contactName: text(20, 1).optional(),
  contactPhone: z
    .string({ error: '必须是字符串' })
    .regex(/^1[3-9]\d{9}$/, '请输入 11 位手机号')
    .optional(),
  category: MerchantCategory.optional(),
  licenceImageUrl: ImageUrl.optional(),
  settlementMode: SettlementMode.optional(),
});
export type ApplyMerchantBody = z.infer<typeof ApplyMerchantBody>;

/** PATCH /merchant/settings — owner only. Rates are basis points per commission level. */
export const UpdateMerchantSettingsBody = z.strictObject({
  name: text(40, 1).optional(),
  logoUrl: ImageUrl.nullable().optional(),
  afterSaleDays: z.number({ error: '必须是整数' }).int('必须是整数').min(0, '不能为负数').max(90, '不能超过 90 天').optional(),
  commissionL1Bps: BpsRate.optional(),
  commissionL2Bps: BpsRate.optional(),
  commissionL3Bps: BpsRate.optional(),
  restockOnRefund: z.boolean({ error: '必须是布尔值' }).optional(),
  /** 运费 per order in fen (0 = 包邮) and 满 X 包邮 (null = none): see freight.ts */
  freightFee: FenAmount.max(MAX_FREIGHT_FEE_FEN, `不能超过 ${MAX_FREIGHT_FEE_FEN / 100} 元`).optional(),
  freeShippingAbove: FenAmount.min(1, '必须大于 0')
    .max(MAX_FREE_SHIPPING_ABOVE_FEN, `不能超过 ${MAX_FREE_SHIPPING_ABOVE_FEN / 100} 元`)
    .nullable()
    .optional(),
});
export type UpdateMerchantSettingsBody = z.infer<typeof UpdateMerchantSettingsBody>;

export const MerchantView = z.object({
  id: z.number().int(),
  name: z.string(),
  logoUrl: z.string().nullable(),
  status: MerchantStatus,
  ownerUserId: z.number().int(),
  afterSaleDays: z.number().int(),
  commissionL1Bps: z.number().int(),
  commissionL2Bps: z.number().int(),
  commissionL3Bps: z.number().int(),
  restockOnRefund: z.boolean(),
  /** freight rule (运费): fee per order in fen, 0 = 包邮; free at or above this items amount, null = none */
  freightFee: z.number().int(),
  freeShippingAbove: z.number().int().nullable(),
  shopId: z.number().int().nullable(),
  createdAt: IsoDate,
  approvedAt: IsoDate.nullable(),
  /** the application (商家入驻); null for merchants created before it asked */
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  category: z.string().nullable(),
  licenceImageUrl: z.string().nullable(),
  settlementMode: SettlementMode,
  /** why the platform rejected the application (status rejected), shown to the applicant */
  rejectReason: z.string().nullable(),
  rejectedAt: IsoDate.nullable(),
});
export type MerchantView = z.infer<typeof MerchantView>;

export const MerchantRole = z.enum(['owner', 'staff']);
export type MerchantRole = z.infer<typeof MerchantRole>;

/** GET /merchants/mine — every merchant the caller belongs to (pick one with the X-Merchant-BodyId header). */
/** One membership: an entry of GET /merchants/mine, and the answer of accepting an invitation. */
export const MerchantMembershipView = z.object({ merchantId: z.number().int(), name: z.string(), status: MerchantStatus, role: MerchantRole });
export type MerchantMembershipView = z.infer<typeof MerchantMembershipView>;

export const MyMerchantsView = z.object({
  items: z.array(MerchantMembershipView),
});
export type MyMerchantsView = z.infer<typeof MyMerchantsView>;

/**
 * Staff join by consent: the owner creates an invitation code (POST /merchant/staff/invitations) and shares
 * it; the invited user opens it (GET /merchant-invitations/:code) and accepts it (POST .../accept).
 * 8 characters without 0/O/1/I, single use, valid 7 days.
 */
export const INVITATION_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const INVITATION_CODE_LENGTH = 8;
export const INVITATION_VALID_DAYS = 7;
/** A code in a path; typed in lower case it still matches. */
export const InvitationCodeParam = z
  .string({ error: '必须是邀请码' })
  .trim()
  .toUpperCase()
  .regex(/^[A-HJ-NP-Z2-9]{8}$/, '邀请码格式不正确（8 位字母数字）');

export const InvitationStatus = z.enum(['pending', 'accepted', 'revoked', 'expired']);
export type InvitationStatus = z.infer<typeof InvitationStatus>;

/** 201 of POST /merchant/staff/invitations (owner only). */
export const MerchantInvitationView = z.object({
  code: z.string(),
  merchantId: z.number().int(),
  merchantName: z.string(),
  expiresAt: IsoDate,
  createdAt: IsoDate,
});
export type MerchantInvitationView = z.infer<typeof MerchantInvitationView>;

/** GET /merchant-invitations/:code (any signed-in user); 404 for an unknown code. */
export const InvitationLookupView = z.object({
  code: z.string(),
  merchantId: z.number().int(),
  merchantName: z.string(),
  status: InvitationStatus,
  expiresAt: IsoDate,
});
export type InvitationLookupView = z.infer<typeof InvitationLookupView>;

/**
 * GET /merchant/staff (any member): the members, and for the owner the pending, unexpired invitations
 * (staff get `invitations: []`: a code is a key to the merchant).
 */
export const StaffView = z.object({
  items: z.array(z.object({ userId: z.number().int(), nickname: z.string(), role: MerchantRole, createdAt: IsoDate })),
  invitations: z.array(z.object({ code: z.string(), expiresAt: IsoDate, createdAt: IsoDate })),
});
export type StaffView = z.infer<typeof StaffView>;

/** GET /admin/merchants?status= */
export const AdminMerchantsQuery = z.strictObject({ status: MerchantStatus.optional() });
export type AdminMerchantsQuery = z.infer<typeof AdminMerchantsQuery>;

/** POST /admin/merchants/:id/reject — the reason is stored and shown to the applicant. */
export const RejectMerchantBody = z.strictObject({ reason: text(200, 1) });
export type RejectMerchantBody = z.infer<typeof RejectMerchantBody>;

export const AdminMerchantList = z.object({ items: z.array(MerchantView) });
export type AdminMerchantList = z.infer<typeof AdminMerchantList>;

/** GET /merchants/mine/application — the caller's latest merchant application (商家入驻 status page), or null. */
export const MyMerchantApplicationView = z.object({ application: MerchantView.nullable() });
export type MyMerchantApplicationView = z.infer<typeof MyMerchantApplicationView>;

/**
 * GET /merchant/platform-rules — the platform settings that bound a merchant's commission rates, as the
 * commission calculator applies them: only `commissionLevels` levels pay, and when the levels add up to
 * more than `commissionCapBps` the deepest level is trimmed first.
 */
export const MerchantPlatformRulesView = z.object({
  commissionLevels: z.number().int(),
  commissionCapBps: z.number().int(),
  /** hard ceilings no setting can lift: 50% per level and in total */
  maxLevelBps: z.number().int(),
  hardMaxTotalBps: z.number().int(),
  /** after-sale window used for merchants without their own */
  afterSaleDaysFallback: z.number().int(),
});
export type MerchantPlatformRulesView = z.infer<typeof MerchantPlatformRulesView>;
