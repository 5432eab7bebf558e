import type { ApplyMerchantBody, SettlementMode } from '../../api';

/** Business categories (same list as the API's MERCHANT_CATEGORIES: a value import would bring zod along). */
export const CATEGORIES = ['食品', '茶饮', '粮油', '水果', '零食', '服饰', '家居', '日化', '数码', '其他'] as const;

/** manual first and by default: profit sharing also needs the platform to register the merchant as a receiver. */
export const SETTLEMENT_MODES: Array<{ value: SettlementMode; label: string; hint: string }> = [
  { value: 'manual', label: '人工打款', hint: 'T+1 对账后由平台转账到对公账户' },
  { value: 'profit_sharing', label: '微信分账', hint: 'T+1 自动分账到微信支付商户号' },
];

export interface ApplyForm {
  name: string;
  contactName: string;
  contactPhone: string;
  category: string;
  licenceImageUrl: string;
  settlementMode: SettlementMode;
}

export const emptyForm = (): ApplyForm => ({ name: '', contactName: '', contactPhone: '', category: '', licenceImageUrl: '', settlementMode: 'manual' });

/** The first problem with the form, in the order the fields appear, or null when it can be sent. */
export function formProblem(f: ApplyForm): string | null {
  if (!f.name.trim()) return '请填写店铺名称';
  if (f.name.trim().length > 40) return '店铺名称不能超过 40 个字';
  if (!f.contactName.trim()) return '请填写联系人';
  if (!/^1[3-9]\d{9}$/.test(f.contactPhone.trim())) return '请填写 11 位手机号';
  if (!f.category) return '请选择经营类目';
  if (!f.licenceImageUrl) return '请上传营业执照';
  return null;
}

export function toBody(f: ApplyForm): ApplyMerchantBody {
  return {
    name: f.name.trim(),
    contactName: f.contactName.trim(),
    contactPhone: f.contactPhone.trim(),
    category: f.category as ApplyMerchantBody['category'],
    licenceImageUrl: f.licenceImageUrl,
    settlementMode: f.settlementMode,
  };
}
