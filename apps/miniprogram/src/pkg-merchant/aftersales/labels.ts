import { AFTER_SALE_STATUS_LABELS, type AfterSaleStatus } from '@shareshop/common';
import type { MerchantAfterSaleDetail } from '../../api/afterSales';
import { formatDateTime } from '../../utils/format';

/** The list's tabs: what needs the merchant first. */
export const MERCHANT_TABS: Array<{ value: AfterSaleStatus | 'all'; title: string }> = [
  { value: 'pending', title: '待处理' },
  { value: 'awaiting_return', title: '待退货' },
  { value: 'returning', title: '待收货' },
  { value: 'refunding', title: '退款中' },
  { value: 'completed', title: '已退款' },
  { value: 'all', title: '全部' },
];

export const merchantStatusText = (s: AfterSaleStatus) => AFTER_SALE_STATUS_LABELS[s] ?? s;

/** What the merchant must do now, and by when (after that the platform decides for them). */
export function merchantHint(a: Pick<MerchantAfterSaleDetail, 'status' | 'type' | 'dueAt'>): string {
  const due = a.dueAt ? formatDateTime(a.dueAt) : '';
  switch (a.status) {
    case 'pending':
      return `请在 ${due} 前处理，超时系统将自动同意${a.type === 'return_refund' ? '（使用默认退货地址）' : '并退款'}`;
    case 'awaiting_return':
      return `等待买家寄回商品（${due} 前），超时未寄回申请将关闭`;
    case 'returning':
      return `买家已寄回，请在 ${due} 前确认收货，超时将自动退款`;
    case 'refunding':
      return '退款已提交微信支付';
    default:
      return '';
  }
}
