/**
 * After-sales labels in Chinese, zod-free so the mini program can import them without pulling the schemas
 * (after-sales.ts re-exports them next to the schemas that use the same keys).
 */
export const AFTER_SALE_TYPE_LABELS = { refund_only: '仅退款', return_refund: '退货退款' } as const;

/** Why the buyer asks; one list for the page's picker and the merchant's view. */
export const AFTER_SALE_REASON_LABELS = {
  no_longer_wanted: '不想要了 / 拍错了',
  not_received: '未收到货',
  quality: '质量问题',
  damaged: '商品破损',
  wrong_item: '发错货 / 少件',
  not_as_described: '与描述不符',
  other: '其他',
} as const;

export const AFTER_SALE_STATUS_LABELS = {
  pending: '待商家处理',
  awaiting_return: '待买家退货',
  returning: '待商家收货',
  refunding: '退款中',
  completed: '退款成功',
  rejected: '商家已拒绝',
  cancelled: '已撤销',
  closed: '已关闭',
  refund_failed: '退款失败',
} as const;

/** Statuses in which the request still holds its order (no shipping, commission waits). */
export const OPEN_AFTER_SALE_STATUSES = ['pending', 'awaiting_return', 'returning', 'refunding'] as const;
