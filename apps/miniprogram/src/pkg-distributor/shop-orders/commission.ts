import type { ShopOrderCommissionStatus } from '../../api/types';

/** How the shop owner's commission on one order stands, in the words of the 佣金记录 page. */
export const COMMISSION_STATUS_TEXT: Record<ShopOrderCommissionStatus, string> = {
  none: '无佣金',
  pending: '待结算',
  available: '可提现',
  reversed: '已冲回',
};

/** NutUI tag colours: frozen commission orange (NutUI's 'default' tag is black), released green, reversed red. */
export const commissionTagType = (s: ShopOrderCommissionStatus) =>
  s === 'available' ? 'success' : s === 'reversed' ? 'danger' : s === 'pending' ? 'warning' : 'default';
