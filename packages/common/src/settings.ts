import { z } from 'zod';
import { COMMISSION_CAP_HARD_MAX_BPS } from './commission-rates.js';

/**
 * Platform-wide distribution rules (GET/PUT /admin/settings). The compliance limits live here, in the one
 * schema both the API and the admin UI use, so a rule cannot be enforced in one place and forgotten in another.
 */
export const BindingMode = z.enum(['first_touch', 'registration_only', 'last_touch']);
export type BindingMode = z.infer<typeof BindingMode>;

export const MAX_COMMISSION_LEVELS = 3;

export const MULTI_LEVEL_RULE =
  '开启二级或三级分佣须同时提交 acknowledgeMultiLevelRisk: true 以确认合规风险：微信仅允许一级 CPS 佣金，' +
  '《微信小程序平台运营规范》5.9 禁止多级分销，《禁止传销条例》第七条禁止按发展人员/层级计酬 / ' +
  'Enabling 2 or 3 commission levels requires acknowledgeMultiLevelRisk: true: WeChat allows one-level CPS commission only ' +
  '(Mini Program Operation Rules 5.9 prohibits multi-level distribution; Regulations on Prohibition of Pyramid Selling, art. 7)';

const int = (min: number, max: number, unit = '') =>
  z.number({ error: '必须是整数' }).int('必须是整数').min(min, `不能小于 ${min}${unit}`).max(max, `不能大于 ${max}${unit}`);

export const PlatformSettings = z.strictObject({
  /** 0 turns commission off; 1 (default) is the compliant one-level CPS; 2..3 need the acknowledgement. */
  commissionLevels: int(0, MAX_COMMISSION_LEVELS, ' 级'),
  /** Total over all levels of one line, in basis points; default 3000 (30%), never above 5000 (50%). */
  commissionCapBps: z
    .number({ error: '必须是整数（基点）' })
    .int('必须是整数（基点）')
    .min(0, '不能为负数')
    .max(COMMISSION_CAP_HARD_MAX_BPS, `佣金总比例上限不能超过 ${COMMISSION_CAP_HARD_MAX_BPS} 基点（50%）/ total commission cap cannot exceed 50%`),
  /** Whether a distributor earns on their own purchases (default off). */
  selfPurchaseCommission: z.boolean({ error: '必须是布尔值' }),
  bindingMode: BindingMode,
  /** Days after which a binding may be replaced by a new touch; null = never expires. */
  bindingExpiryDays: int(1, 3650, ' 天').nullable(),
  shopProductLimit: int(1, 500, ' 件'),
  /** Fen. WeChat's merchant transfer accepts 0.1 yuan and up. */
  withdrawalMinFen: int(10, 20_000_000, ' 分'),
  withdrawalDailyLimitFen: int(10, 100_000_000, ' 分'),
  /** Used when an order's merchant has no after-sale window of its own. */
  afterSaleDaysFallback: int(0, 90, ' 天'),
  /** Unpaid orders reserve stock: how many one buyer may have open at once (no hoarding a SKU). */
  maxUnpaidOrdersPerUser: int(1, 50, ' 笔'),
  /** After-sales time limits (jobs: after-sales.deadlines): a merchant who does not answer a request in time has approved it; */
  afterSaleReplyDays: int(1, 30, ' 天'),
  /** a buyer who does not ship an approved return in time has given it up (the request closes); */
  returnShipDays: int(1, 30, ' 天'),
  /** a merchant who does not confirm a shipped-back return in time has received it (the refund goes out). */
  returnReceiveDays: int(1, 30, ' 天'),
});
export type PlatformSettings = z.infer<typeof PlatformSettings>;

export const DEFAULT_PLATFORM_SETTINGS: PlatformSettings = {
  commissionLevels: 1,
  commissionCapBps: 3000,
  selfPurchaseCommission: false,
  bindingMode: 'first_touch',
  bindingExpiryDays: null,
  shopProductLimit: 50,
  withdrawalMinFen: 100,
  withdrawalDailyLimitFen: 2_000_000,
  afterSaleDaysFallback: 7,
  maxUnpaidOrdersPerUser: 5,
  afterSaleReplyDays: 2,
  returnShipDays: 7,
  returnReceiveDays: 10,
};

/**
 * PUT /admin/settings: any subset of the settings. Raising levels to 2 or 3 needs
 * `acknowledgeMultiLevelRisk: true` in the same request; the acknowledgement is recorded with who and when.
 */
export const UpdatePlatformSettingsBody = PlatformSettings.partial()
  .extend({ acknowledgeMultiLevelRisk: z.boolean({ error: '必须是布尔值' }).optional() })
  .strict()
  .superRefine((v, ctx) => {
    if (v.commissionLevels !== undefined && v.commissionLevels >= 2 && v.acknowledgeMultiLevelRisk !== true) {
      ctx.addIssue({ code: 'custom', path: ['commissionLevels'], message: MULTI_LEVEL_RULE });
    }
    if (v.withdrawalMinFen !== undefined && v.withdrawalDailyLimitFen !== undefined && v.withdrawalMinFen > v.withdrawalDailyLimitFen) {
      ctx.addIssue({ code: 'custom', path: ['withdrawalMinFen'], message: '不能大于每日提现上限' });
    }
  });
export type UpdatePlatformSettingsBody = z.infer<typeof UpdatePlatformSettingsBody>;

export const PlatformSettingsView = PlatformSettings.extend({
  multiLevelAcknowledgement: z.object({ by: z.number().int(), at: z.string() }).nullable(),
  updatedAt: z.string().nullable(),
  updatedBy: z.number().int().nullable(),
});
export type PlatformSettingsView = z.infer<typeof PlatformSettingsView>;
