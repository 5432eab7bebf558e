/**
 * What the order page says about a payment the buyer just attempted. The result arrives as
 * `result=success|cancel|fail` on the page URL when the browser cashier sends the buyer back (the
 * sandbox puts it in the hash route's query), or from wx.requestPayment's outcome in WeChat. The server's
 * order status stays the truth: a result only explains an order that is still unpaid.
 */
import type { OrderStatus } from '../../api/types';

export type PayResult = 'success' | 'cancel' | 'fail';

export function payResultOf(params: Record<string, string | undefined>): PayResult | null {
  const r = params.result;
  if (r === 'success' || r === 'cancel' || r === 'fail') return r;
  // older return links carried only paid=1 (the cashier did not say how it went)
  return params.paid ? 'success' : null;
}

export interface PayNotice {
  text: string;
  tone: 'info' | 'warn';
  /** keep asking the server: the payment notify may still be on its way */
  poll: boolean;
}

export function payNotice(status: OrderStatus, result: PayResult | null): PayNotice | null {
  if (status !== 'created' || !result) return null;
  if (result === 'cancel') return { text: '支付已取消，订单尚未支付，可重新支付', tone: 'warn', poll: false };
  if (result === 'fail') return { text: '支付失败，未扣款，请重新支付', tone: 'warn', poll: false };
  return { text: '支付结果确认中，请稍候…', tone: 'info', poll: true };
}
