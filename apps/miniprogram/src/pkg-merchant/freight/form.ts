import { fenToYuanString, MAX_FREE_SHIPPING_ABOVE_FEN, MAX_FREIGHT_FEE_FEN, parseYuan, type UpdateMerchantSettingsBody } from '@shareshop/common';

/** The 运费设置 form: yuan text in the inputs, fen to the API (PATCH /merchant/settings). */
export interface FreightForm {
  fee: string;
  freeAbove: string;
}

export function freightForm(s: { freightFee: number; freeShippingAbove: number | null }): FreightForm {
  return { fee: fenToYuanString(s.freightFee), freeAbove: s.freeShippingAbove === null ? '' : fenToYuanString(s.freeShippingAbove) };
}

/** The body to save, or the problem to show (the same bounds the API checks). An empty threshold removes it. */
export function freightBody(form: FreightForm): { body: Pick<UpdateMerchantSettingsBody, 'freightFee' | 'freeShippingAbove'> } | { problem: string } {
  const fee = form.fee.trim() === '' ? 0 : parseYuan(form.fee.trim());
  if (fee === null || fee < 0) return { problem: '运费请输入金额（元），最多两位小数' };
  if (fee > MAX_FREIGHT_FEE_FEN) return { problem: `运费不能超过 ${fenToYuanString(MAX_FREIGHT_FEE_FEN)} 元` };
  if (form.freeAbove.trim() === '') return { body: { freightFee: fee, freeShippingAbove: null } };
  const above = parseYuan(form.freeAbove.trim());
  if (above === null || above <= 0) return { problem: '包邮门槛请输入大于 0 的金额（元），或留空' };
  if (above > MAX_FREE_SHIPPING_ABOVE_FEN) return { problem: `包邮门槛不能超过 ${fenToYuanString(MAX_FREE_SHIPPING_ABOVE_FEN)} 元` };
  return { body: { freightFee: fee, freeShippingAbove: above } };
}

/** How the rule reads to the merchant, as buyers will meet it. */
export function freightSummary(fee: number, freeAbove: number | null): string {
  if (fee === 0) return '全部包邮';
  return freeAbove === null ? `每单运费 ¥${fenToYuanString(fee)}` : `每单运费 ¥${fenToYuanString(fee)}，满 ¥${fenToYuanString(freeAbove)} 包邮`;
}
