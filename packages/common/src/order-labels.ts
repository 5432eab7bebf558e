/**
 * Order states in Chinese, zod-free so the mini program can import them (through @shareshop/common/rules)
 * and the API's CSV export writes the same words the buyer and merchant see. Keys are OrderStatus (orders.ts).
 */
export const ORDER_STATUS_LABELS = {
  created: '待付款',
  paid: '待发货',
  shipped: '待收货',
  received: '已收货',
  completed: '已完成',
  cancelled: '已取消',
  closed: '已关闭',
  refunded: '已退款',
} as const;

/** The label of a status; an unknown one (a newer API) is shown as it is. */
export function orderStatusLabel(status: string): string {
  return (ORDER_STATUS_LABELS as Record<string, string>)[status] ?? status;
}
