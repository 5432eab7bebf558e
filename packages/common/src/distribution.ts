import { z } from 'zod';
import { BodyId, IsoDate, PageFields, PositiveFen, page } from './schema-kit.js';
import { ReferralCode } from './shops.js';

// --- referral binding ---

/** POST /referrals/bind: bind the caller to a referrer explicitly (by code, or by the shop they are in). */
export const BindReferralBody = z
  .strictObject({ referralCode: ReferralCode.optional(), shopId: BodyId.optional() })
  .refine((v) => v.referralCode !== undefined || v.shopId !== undefined, { message: 'referralCode 与 shopId 至少填一个', path: ['referralCode'] });
export type BindReferralBody = z.infer<typeof BindReferralBody>;

export const BindingOutcome = z.enum(['bound', 'rebound', 'unchanged', 'refused']);
export type BindingOutcome = z.infer<typeof BindingOutcome>;
export const BindingResultView = z.object({ outcome: BindingOutcome, reason: z.string().nullable(), uplineUserId: z.number().int().nullable() });
export type BindingResultView = z.infer<typeof BindingResultView>;

// --- team ---

export const TeamQuery = z.strictObject({
  level: z.coerce.number({ error: '必须是 1、2 或 3' }).int('必须是 1、2 或 3').min(1, '必须是 1、2 或 3').max(3, '必须是 1、2 或 3').default(1),
  ...PageFields,
});
export type TeamQuery = z.infer<typeof TeamQuery>;

export const TeamMember = z.object({
  userId: z.number().int(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  isDistributor: z.boolean(),
  boundAt: IsoDate.nullable(),
});
export const TeamView = page(TeamMember).extend({
  level: z.number().int(),
  /**
   * How many levels may be listed: the platform's commission levels (at least 1). A deeper level answers an
   * empty page; members beyond level 1 come masked (nickname 张**, avatarUrl null).
   */
  visibleLevels: z.number().int(),
  /** team size per level (1..3), whatever level is listed */
  counts: z.object({ level1: z.number().int(), level2: z.number().int(), level3: z.number().int() }),
});
export type TeamView = z.infer<typeof TeamView>;

/** Informational only: nothing is ever paid on team size or team volume (compliance). */
export const TeamSummaryView = z.object({
  counts: z.object({ level1: z.number().int(), level2: z.number().int(), level3: z.number().int() }),
  /** Asia/Shanghai calendar month, YYYY-MM */
  month: z.string(),
  /** paid minus refunded fen of orders made through shops at each level of the team this month */
  sales: z.object({ own: z.number().int(), level1: z.number().int(), level2: z.number().int(), level3: z.number().int() }),
  orders: z.object({ own: z.number().int(), level1: z.number().int(), level2: z.number().int(), level3: z.number().int() }),
});
export type TeamSummaryView = z.infer<typeof TeamSummaryView>;

// --- commission ---

export const CommissionStatus = z.enum(['pending', 'available', 'reversed']);
export type CommissionStatus = z.infer<typeof CommissionStatus>;

export const EarningsView = z.object({
  /** frozen until receipt + after-sale window */
  pending: z.number().int(),
  /** withdrawable: the wallet minus any debt; negative when refunds reversed money already paid out (a debt the next commissions pay off first) */
  available: z.number().int(),
  /** held for a withdrawal in flight */
  withdrawing: z.number().int(),
  withdrawn: z.number().int(),
  reversed: z.number().int(),
});
export type EarningsView = z.infer<typeof EarningsView>;

export const CommissionsQuery = z.strictObject({ status: CommissionStatus.optional(), ...PageFields });
export type CommissionsQuery = z.infer<typeof CommissionsQuery>;
export const CommissionRow = z.object({
  id: z.number().int(),
  orderId: z.number().int(),
  orderItemId: z.number().int(),
  productId: z.number().int().nullable(),
  level: z.number().int(),
  baseAmount: z.number().int(),
  rateBps: z.number().int(),
  amount: z.number().int(),
  reversedAmount: z.number().int(),
  status: CommissionStatus,
  releasableAt: IsoDate.nullable(),
  createdAt: IsoDate,
});
export const CommissionsView = page(CommissionRow);
export type CommissionsView = z.infer<typeof CommissionsView>;

// --- withdrawals ---

/**
 * POST /distributors/me/withdrawals. `idempotencyKey` as for orders: a retry with the same key and amount
 * returns the same withdrawal; the same key with another amount is a 422 IDEMPOTENCY_KEY_REUSED.
 */
export const CreateWithdrawalBody = z.strictObject({
  amount: PositiveFen,
  idempotencyKey: z
    .string({ error: '必须是字符串' })
    .regex(/^[A-Za-z0-9_-]{8,64}$/, '必须是 8-64 位字母、数字、_ 或 -')
    .optional(),
});
export type CreateWithdrawalBody = z.infer<typeof CreateWithdrawalBody>;

export const WithdrawalStatus = z.enum(['created', 'wait_user_confirm', 'transferring', 'succeeded', 'failed', 'cancelled']);
export type WithdrawalStatus = z.infer<typeof WithdrawalStatus>;

export const WithdrawalView = z.object({
  id: z.number().int(),
  amount: z.number().int(),
  status: WithdrawalStatus,
  outBillNo: z.string(),
  /** pass to wx.requestMerchantTransfer({ mchId, appId, package: packageInfo }) while wait_user_confirm */
  packageInfo: z.string().nullable(),
  mchId: z.string().nullable(),
  appId: z.string().nullable(),
  failReason: z.string().nullable(),
  createdAt: IsoDate,
  settledAt: IsoDate.nullable(),
});
export type WithdrawalView = z.infer<typeof WithdrawalView>;
export const WithdrawalsView = page(WithdrawalView);
export type WithdrawalsView = z.infer<typeof WithdrawalsView>;
export const WithdrawalsQuery = z.strictObject({ ...PageFields });
export type WithdrawalsQuery = z.infer<typeof WithdrawalsQuery>;
