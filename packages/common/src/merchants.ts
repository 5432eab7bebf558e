import { z } from 'zod';
import { BpsRate, BodyId, ImageUrl, IsoDate, text } from './schema-kit.js';

export const MerchantStatus = z.enum(['pending', 'approved', 'rejected', 'suspended']);
export type MerchantStatus = z.infer<typeof MerchantStatus>;

/** POST /merchants — a signed-in user applies to become a merchant (a platform admin approves). */
export const ApplyMerchantBody = z.strictObject({
  name: text(40, 1),
  logoUrl: ImageUrl.optional(),
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
  shopId: z.number().int().nullable(),
  createdAt: IsoDate,
  approvedAt: IsoDate.nullable(),
});
export type MerchantView = z.infer<typeof MerchantView>;

export const MerchantRole = z.enum(['owner', 'staff']);
export type MerchantRole = z.infer<typeof MerchantRole>;

/** GET /merchants/mine — every merchant the caller belongs to (pick one with the X-Merchant-BodyId header). */
export const MyMerchantsView = z.object({
  items: z.array(z.object({ merchantId: z.number().int(), name: z.string(), status: MerchantStatus, role: MerchantRole })),
});
export type MyMerchantsView = z.infer<typeof MyMerchantsView>;

/** POST /merchant/staff — owner adds a staff member by user id. */
export const AddStaffBody = z.strictObject({ userId: BodyId });
export type AddStaffBody = z.infer<typeof AddStaffBody>;

export const StaffView = z.object({
  items: z.array(z.object({ userId: z.number().int(), nickname: z.string(), role: MerchantRole, createdAt: IsoDate })),
});
export type StaffView = z.infer<typeof StaffView>;

/** GET /admin/merchants?status= */
export const AdminMerchantsQuery = z.strictObject({ status: MerchantStatus.optional() });
export type AdminMerchantsQuery = z.infer<typeof AdminMerchantsQuery>;

export const RejectMerchantBody = z.strictObject({ reason: text(200).optional() });
export type RejectMerchantBody = z.infer<typeof RejectMerchantBody>;

export const AdminMerchantList = z.object({ items: z.array(MerchantView) });
export type AdminMerchantList = z.infer<typeof AdminMerchantList>;

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
