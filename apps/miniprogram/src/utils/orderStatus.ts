import type { OrderStatus } from '../api/types';

export const ORDER_STATUS_TEXT: Record<OrderStatus, string> = {
  created: '待付款',
  paid: '待发货',
  shipped: '待收货',
  received: '已收货',
  completed: '已完成',
  cancelled: '已取消',
  closed: '已关闭',
  refunded: '已退款',
};

export const orderStatusText = (s: OrderStatus | string) => ORDER_STATUS_TEXT[s as OrderStatus] ?? s;
