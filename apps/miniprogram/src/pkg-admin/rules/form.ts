/**
 * The 平台规则 form: the platform settings as an operator types them (percentages, yuan with two decimals,
 * days) and back to what PUT /admin/settings takes (basis points, fen, integers). Only changed fields are
 * sent, and every change is listed in the operator's units before and after saving.
 */
import { COMMISSION_CAP_HARD_MAX_BPS, formatFen, parseYuan } from '@shareshop/common/rules';
import type { BindingMode, PlatformSettingsView, UpdatePlatformSettingsBody } from '../../api/types';
import { bpsToPercent, percentToBps } from '../../pkg-merchant/commission/rules';

export const LEVEL_OPTIONS: Array<{ value: number; label: string }> = [
  { value: 0, label: '关闭' },
  { value: 1, label: '一级' },
  { value: 2, label: '二级' },
  { value: 3, label: '三级' },
];

export const BINDING_OPTIONS: Array<{ value: BindingMode; label: string; hint: string }> = [
  { value: 'first_touch', label: '首次绑定', hint: '顾客第一次通过谁的店铺或分享进入，就绑定给谁' },
  { value: 'registration_only', label: '仅注册时绑定', hint: '只在顾客首次登录时绑定，之后不再绑定' },
  { value: 'last_touch', label: '最近一次', hint: '以顾客最近一次进入的店铺或分享为准' },
];

export interface RulesForm {
  commissionLevels: number;
  acknowledgeMultiLevelRisk: boolean;
  commissionCapPercent: string;
  selfPurchaseCommission: boolean;
  bindingMode: BindingMode;
  /** empty: a binding never expires */
  bindingExpiryDays: string;
  withdrawalMinYuan: string;
  withdrawalDailyLimitYuan: string;
  shopProductLimit: string;
  afterSaleDaysFallback: string;
  maxUnpaidOrdersPerUser: string;
  afterSaleReplyDays: string;
  returnShipDays: string;
  returnReceiveDays: string;
}

/** The API's field names; form errors are keyed by them so an API error lands on the same field. */
export type SettingsField = Exclude<keyof UpdatePlatformSettingsBody, 'acknowledgeMultiLevelRisk'>;

export const FIELD_LABEL: Record<SettingsField, string> = {
  commissionLevels: '分佣层级',
  commissionCapBps: '佣金总比例上限',
  selfPurchaseCommission: '自购返佣',
  bindingMode: '绑定规则',
  bindingExpiryDays: '绑定有效期',
  withdrawalMinFen: '单笔最低提现',
  withdrawalDailyLimitFen: '每日提现上限',
  shopProductLimit: '店铺商品上限',
  afterSaleDaysFallback: '默认售后期',
  maxUnpaidOrdersPerUser: '每人未付款订单上限',
  afterSaleReplyDays: '商家处理售后时限',
  returnShipDays: '买家寄回时限',
  returnReceiveDays: '商家确认收货时限',
};

/** The after-sales time limits (days, 1–30); an API that does not serve one yet leaves it off the page. */
export const AFTER_SALE_LIMITS = ['afterSaleReplyDays', 'returnShipDays', 'returnReceiveDays'] as const;

const yuanText = (fen: number) => formatFen(fen).replace('¥', '');

export function formFromSettings(s: PlatformSettingsView): RulesForm {
  return {
    commissionLevels: s.commissionLevels,
    acknowledgeMultiLevelRisk: false,
    commissionCapPercent: bpsToPercent(s.commissionCapBps),
    selfPurchaseCommission: s.selfPurchaseCommission,
    bindingMode: s.bindingMode,
    bindingExpiryDays: s.bindingExpiryDays == null ? '' : String(s.bindingExpiryDays),
    withdrawalMinYuan: yuanText(s.withdrawalMinFen),
    withdrawalDailyLimitYuan: yuanText(s.withdrawalDailyLimitFen),
    shopProductLimit: String(s.shopProductLimit),
    afterSaleDaysFallback: String(s.afterSaleDaysFallback),
    maxUnpaidOrdersPerUser: String(s.maxUnpaidOrdersPerUser),
    afterSaleReplyDays: String(s.afterSaleReplyDays ?? ''),
    returnShipDays: String(s.returnShipDays ?? ''),
    returnReceiveDays: String(s.returnReceiveDays ?? ''),
  };
}

/** How a value reads on the page and in the change list. */
export function displayValue(field: SettingsField, value: unknown): string {
  switch (field) {
    case 'commissionLevels':
      return value === 0 ? '关闭分佣' : `${LEVEL_OPTIONS[value as number]?.label ?? value}分佣`;
    case 'commissionCapBps':
      return `${bpsToPercent(value as number)}%`;
    case 'selfPurchaseCommission':
      return value ? '开启' : '关闭';
    case 'bindingMode':
      return BINDING_OPTIONS.find((o) => o.value === value)?.label ?? String(value);
    case 'bindingExpiryDays':
      return value == null ? '永久有效' : `${value} 天`;
    case 'withdrawalMinFen':
    case 'withdrawalDailyLimitFen':
      return formatFen(value as number);
    case 'shopProductLimit':
      return `${value} 件`;
    case 'afterSaleDaysFallback':
    case 'afterSaleReplyDays':
    case 'returnShipDays':
    case 'returnReceiveDays':
      return `${value} 天`;
    case 'maxUnpaidOrdersPerUser':
      return `${value} 笔`;
    default:
      return String(value);
  }
}

/** A value the operator typed that cannot be sent, with what to fix. */
interface Problem {
  problem: string;
}
const problem = (text: string): Problem => ({ problem: text });

function wholeNumber(text: string, min: number, max: number, unit: string): number | Problem {
  if (!/^\s*\d+\s*$/.test(text)) return problem('请输入整数');
  const n = Number(text);
  if (n < min) return problem(`不能小于 ${min} ${unit}`);
  if (n > max) return problem(`不能大于 ${max} ${unit}`);
  return n;
}

function yuan(text: string, min: number, max: number): number | Problem {
  const fen = parseYuan(text);
  if (fen === null || fen < 0) return problem('请输入金额，最多两位小数');
  if (fen < min) return problem(`不能低于 ${formatFen(min)}`);
  if (fen > max) return problem(`不能高于 ${formatFen(max)}`);
  return fen;
}

export interface Change {
  field: SettingsField;
  label: string;
  from: string;
  to: string;
}

export interface RulesSubmission {
  /** what PUT /admin/settings is sent: only the changed fields (plus the acknowledgement when levels rise to 2–3) */
  body: UpdatePlatformSettingsBody;
  changes: Change[];
  /** by field, in the operator's words; non-empty means nothing is sent */
  errors: Partial<Record<SettingsField, string>>;
}

/**
 * Converts and checks the form against the current settings. Limits mirror the API's schema so a typo is
 * caught on the page; the API stays the judge (its field errors are shown on the same fields). The
 * multi-level acknowledgement is deliberately not checked here: the API refuses 2–3 levels without it,
 * and the page shows that refusal, so the rule lives in one place.
 */
export function submission(form: RulesForm, current: PlatformSettingsView): RulesSubmission {
  const errors: RulesSubmission['errors'] = {};
  const next: Partial<Record<SettingsField, unknown>> = {};
  const take = (field: SettingsField, value: number | string | boolean | null | Problem) => {
    if (value !== null && typeof value === 'object') errors[field] = value.problem;
    else next[field] = value;
  };

  take('commissionLevels', form.commissionLevels);
  const cap = percentToBps(form.commissionCapPercent);
  take(
    'commissionCapBps',
    cap === null
      ? problem('请输入百分比，最多两位小数')
      : cap > COMMISSION_CAP_HARD_MAX_BPS
        ? problem(`不能超过 ${bpsToPercent(COMMISSION_CAP_HARD_MAX_BPS)}%（合规上限）`)
        : cap,
  );
  take('selfPurchaseCommission', form.selfPurchaseCommission);
  take('bindingMode', form.bindingMode);
  take('bindingExpiryDays', form.bindingExpiryDays.trim() === '' ? null : wholeNumber(form.bindingExpiryDays, 1, 3650, '天'));
  const min = yuan(form.withdrawalMinYuan, 10, 20_000_000);
  const daily = yuan(form.withdrawalDailyLimitYuan, 10, 100_000_000);
  take('withdrawalMinFen', min);
  take('withdrawalDailyLimitFen', daily);
  if (typeof min === 'number' && typeof daily === 'number' && min > daily) errors.withdrawalMinFen = '不能高于每日提现上限';
  take('shopProductLimit', wholeNumber(form.shopProductLimit, 1, 500, '件'));
  take('afterSaleDaysFallback', wholeNumber(form.afterSaleDaysFallback, 0, 90, '天'));
  take('maxUnpaidOrdersPerUser', wholeNumber(form.maxUnpaidOrdersPerUser, 1, 50, '笔'));
  for (const field of AFTER_SALE_LIMITS) if (current[field] !== undefined) take(field, wholeNumber(form[field], 1, 30, '天'));

  const body: UpdatePlatformSettingsBody = {};
  const changes: Change[] = [];
  for (const field of Object.keys(FIELD_LABEL) as SettingsField[]) {
    if (!(field in next) || next[field] === current[field]) continue;
    (body as Record<string, unknown>)[field] = next[field];
    changes.push({ field, label: FIELD_LABEL[field], from: displayValue(field, current[field]), to: displayValue(field, next[field]) });
  }
  if (body.commissionLevels !== undefined && body.commissionLevels >= 2 && form.acknowledgeMultiLevelRisk) body.acknowledgeMultiLevelRisk = true;
  return { body, changes, errors };
}

/** An API validation failure's issues by field (`details: [{ field, message }]`); the rest under `''`. */
export function apiFieldErrors(details: unknown): Partial<Record<SettingsField | '', string>> {
  const out: Partial<Record<SettingsField | '', string>> = {};
  if (!Array.isArray(details)) return out;
  for (const d of details as Array<{ field?: string; message?: string }>) {
    const key = (d.field && d.field in FIELD_LABEL ? d.field : '') as SettingsField | '';
    if (d.message && !out[key]) out[key] = d.message;
  }
  return out;
}

/** Whether the form asks for 2–3 levels without the box ticked (the page warns before the API refuses). */
export const needsAcknowledgement = (form: RulesForm, current: PlatformSettingsView) =>
  form.commissionLevels >= 2 && form.commissionLevels !== current.commissionLevels && !form.acknowledgeMultiLevelRisk;
