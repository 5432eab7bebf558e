import { z } from 'zod';
import { pageSchema, IdParam } from './ids.js';
import { FenAmount, BodyId, IsoDate, PageFields, Quantity, text } from './schema-kit.js';

export const OrderStatus = z.enum(['created', 'paid', 'shipped', 'received', 'completed', 'cancelled', 'closed', 'refunded']);
export type OrderStatus = z.infer<typeof OrderStatus>;
/** `cancelled`: the buyer withdrew the after-sale request, or never shipped an approved return back. */
export const RefundStatus = z.enum(['requested', 'rejected', 'processing', 'succeeded', 'failed', 'cancelled']);
export type RefundStatus = z.infer<typeof RefundStatus>;

export const Address = z.strictObject({
  name: text(20, 1),
  phone: z.string({ error: '必须是字符串' }).regex(/^\+?[0-9-]{5,20}$/, '不是合法的电话号码'),
  province: text(20, 1),
  city: text(20, 1),
  district: text(20).default(''),
  detail: text(200, 1),
  postalCode: z
    .string()
    .regex(/^\d{6}$/, '必须是 6 位数字')
    .optional(),
});
export type Address = z.infer<typeof Address>;

/**
 * POST /orders — prices come from the server; the client sends only SKUs and quantities. Items from
 * several merchants are split into one order per merchant. The same idempotencyKey (per buyer) returns
 * the same orders.
 */
export const CreateOrderBody = z.strictObject({
  shopId: BodyId,
  items: z
    .array(z.strictObject({ skuId: BodyId, quantity: Quantity }), { error: '必须是数组' })
    .min(1, '至少一件商品')
    .max(50, '最多 50 种商品'),
  address: Address,
  remark: text(200).default(''),
  idempotencyKey: z.string({ error: '必须是字符串' }).regex(/^[A-Za-z0-9_-]{8,64}$/, '必须是 8-64 位字母、数字、_ 或 -'),
  /** Referral code from the share link, if any (attribution for merchant shops; see the distribution module). */
  ref: z
    .string()
    .regex(/^[A-Za-z0-9]{1,32}$/, '不是合法的推荐码')
    .optional(),
});
export type CreateOrderBody = z.input<typeof CreateOrderBody>;

/**
 * POST /orders/quote — what placing these lines would charge, per merchant order (checkout shows it): the
 * same server prices, checks and freight rule as POST /orders, nothing written.
 */
export const QuoteOrderBody = CreateOrderBody.pick({ shopId: true, items: true });
export type QuoteOrderBody = z.input<typeof QuoteOrderBody>;
export const MerchantOrderQuote = z.object({
  merchantId: z.number().int(),
  merchantName: z.string(),
  itemsTotal: FenAmount,
  shippingFee: FenAmount,
  /** 满 X 包邮 threshold of this merchant in fen, null when it has none */
  freeShippingAbove: FenAmount.nullable(),
  payable: FenAmount,
});
export type MerchantOrderQuote = z.infer<typeof MerchantOrderQuote>;
export const OrderQuote = z.object({
  orders: z.array(MerchantOrderQuote),
  itemsTotal: FenAmount,
  shippingFee: FenAmount,
  payable: FenAmount,
});
export type OrderQuote = z.infer<typeof OrderQuote>;

export const OrderItemView = z.object({
  id: z.number().int(),
  productId: z.number().int(),
  skuId: z.number().int(),
  title: z.string(),
  specValues: z.array(z.string()),
  image: z.string().nullable(),
  unitPrice: FenAmount,
  quantity: z.number().int(),
  /** unitPrice × quantity */
  itemsAmount: FenAmount,
  discountAmount: FenAmount,
  /** What the buyer paid for this line: itemsAmount − discountAmount (shipping excluded). Commission base. */
  paidAmount: FenAmount,
  refundedQuantity: z.number().int(),
  refundedAmount: FenAmount,
});
export type OrderItemView = z.infer<typeof OrderItemView>;

export const RefundView = z.object({
  id: z.number().int(),
  orderId: z.number().int(),
  outRefundNo: z.string(),
  kind: z.enum(['buyer', 'auto']),
  status: RefundStatus,
  amount: FenAmount,
  reason: z.string(),
  rejectReason: z.string().nullable(),
  items: z.array(z.object({ orderItemId: z.number().int(), quantity: z.number().int(), amount: FenAmount })),
  createdAt: IsoDate,
  decidedAt: IsoDate.nullable(),
  succeededAt: IsoDate.nullable(),
});
export type RefundView = z.infer<typeof RefundView>;

/**
 * What happened to an order, oldest first, from the timestamps the API records on the order and its
 * refunds (no separate log): placed, paid, shipped, received, completed, cancelled/closed, and each
 * refund's request, decision and result. `amount` (fen) is set on refund entries.
 */
export const OrderTimelineKind = z.enum([
  'placed',
  'paid',
  'shipped',
  'received',
  'completed',
  'cancelled',
  'closed',
  'refund_requested',
  'refund_rejected',
  'refund_approved',
  'refund_succeeded',
  'refund_failed',
  'refunded',
]);
export type OrderTimelineKind = z.infer<typeof OrderTimelineKind>;
export const OrderTimelineEntry = z.object({
  kind: OrderTimelineKind,
  at: IsoDate,
  refundId: z.number().int().nullable(),
  amount: FenAmount.nullable(),
  /** carrier + tracking number, a refund's reason or the merchant's rejection reason */
  note: z.string().nullable(),
});
export type OrderTimelineEntry = z.infer<typeof OrderTimelineEntry>;

export const OrderView = z.object({
  id: z.number().int(),
  outTradeNo: z.string(),
  status: OrderStatus,
  buyerUserId: z.number().int(),
  merchantId: z.number().int(),
  merchantName: z.string(),
  shopId: z.number().int(),
  distributorUserId: z.number().int().nullable(),
  itemsTotal: FenAmount,
  discountTotal: FenAmount,
  shippingFee: FenAmount,
  paidTotal: FenAmount,
  refundedTotal: FenAmount,
  address: Address,
  remark: z.string(),
  carrier: z.string().nullable(),
  trackingNo: z.string().nullable(),
  items: z.array(OrderItemView),
  refunds: z.array(RefundView),
  createdAt: IsoDate,
  /** When an unpaid order closes by itself. */
  expiresAt: IsoDate,
  paidAt: IsoDate.nullable(),
  shippedAt: IsoDate.nullable(),
  receivedAt: IsoDate.nullable(),
  completedAt: IsoDate.nullable(),
  closedAt: IsoDate.nullable(),
  timeline: z.array(OrderTimelineEntry),
});
export type OrderView = z.infer<typeof OrderView>;

export const CreateOrderResponse = z.object({ orders: z.array(OrderView) });
export type CreateOrderResponse = z.infer<typeof CreateOrderResponse>;

export const OrderPage = pageSchema(OrderView);
export type OrderPage = z.infer<typeof OrderPage>;

/** GET /orders — the buyer's own orders. */
export const BuyerOrdersQuery = z.strictObject({ status: OrderStatus.optional(), ...PageFields });
export type BuyerOrdersQuery = z.infer<typeof BuyerOrdersQuery>;

/** GET /merchant/orders */
export const MerchantOrdersQuery = z.strictObject({
  status: OrderStatus.optional(),
  outTradeNo: z.string().max(32).optional(),
  buyerUserId: IdParam.optional(),
  refund: z.enum(['requested', 'processing']).optional(),
  from: z.iso.datetime({ offset: true, error: '必须是 ISO 8601 时间' }).optional(),
  to: z.iso.datetime({ offset: true, error: '必须是 ISO 8601 时间' }).optional(),
  /** search: part of the order number, the consignee's name or phone, or the buyer's remark */
  q: text(40).optional(),
  ...PageFields,
});
export type MerchantOrdersQuery = z.infer<typeof MerchantOrdersQuery>;
/** GET /merchant/orders/export.csv — the same filters, every matching order (newest first, at most 5,000). */
export const MerchantOrdersExportQuery = MerchantOrdersQuery.omit({ page: true, pageSize: true });
export type MerchantOrdersExportQuery = z.infer<typeof MerchantOrdersExportQuery>;

/** GET /merchant/orders/summary — the merchant dashboard's numbers, `days` Asia/Shanghai days ending today. */
export const MerchantSalesSummaryQuery = z.strictObject({
  days: z.coerce.number({ error: '必须是整数' }).int('必须是整数').min(1, '至少 1 天').max(31, '最多 31 天').default(7),
});
export type MerchantSalesSummaryQuery = z.infer<typeof MerchantSalesSummaryQuery>;

export const MerchantSalesDay = z.object({
  /** Asia/Shanghai business day, YYYY-MM-DD */
  day: z.string(),
  /** orders paid that day (by paid_at), whatever happened to them since */
  orders: z.number().int().min(0),
  /** what those orders paid, fen */
  paidTotal: z.number().int().min(0),
  /** refunded on those orders so far, fen */
  refundedTotal: z.number().int().min(0),
});
export type MerchantSalesDay = z.infer<typeof MerchantSalesDay>;

export const MerchantSalesSummary = z.object({
  /** today's business day (the last of `days`) */
  today: z.string(),
  /** oldest first, one entry per day, zeros included */
  days: z.array(MerchantSalesDay),
});
export type MerchantSalesSummary = z.infer<typeof MerchantSalesSummary>;

/** POST /merchant/orders/:id/ship */
export const ShipOrderBody = z.strictObject({
  carrier: text(30, 1),
  trackingNo: z.string({ error: '必须是字符串' }).regex(/^[A-Za-z0-9-]{4,40}$/, '必须是 4-40 位字母、数字或 -'),
});
export type ShipOrderBody = z.infer<typeof ShipOrderBody>;

/** POST /orders/:id/refunds — whole order (no items) or some lines. */
export const RequestRefundBody = z.strictObject({
  reason: text(200, 1),
  items: z
    .array(z.strictObject({ orderItemId: BodyId, quantity: Quantity }), { error: '必须是数组' })
    .min(1, '至少一项')
    .max(50, '最多 50 项')
    .optional(),
});
export type RequestRefundBody = z.infer<typeof RequestRefundBody>;

/** POST /merchant/refunds/:id/reject */
export const RejectRefundBody = z.strictObject({ reason: text(200, 1) });
export type RejectRefundBody = z.infer<typeof RejectRefundBody>;

/** What wx.requestPayment takes (WeChat Pay v3 JSAPI). */
export const RequestPaymentParams = z.object({
  appId: z.string(),
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.literal('RSA'),
  paySign: z.string(),
});
export type RequestPaymentParams = z.infer<typeof RequestPaymentParams>;

/** POST /orders/:id/pay */
export const PayOrderResponse = z.object({ orderId: z.number().int(), outTradeNo: z.string(), amount: FenAmount, requestPayment: RequestPaymentParams });
export type PayOrderResponse = z.infer<typeof PayOrderResponse>;

/** GET /merchant/refunds?status= */
export const MerchantRefundsQuery = z.strictObject({ status: RefundStatus.optional() });
export type MerchantRefundsQuery = z.infer<typeof MerchantRefundsQuery>;
export const RefundList = z.object({ items: z.array(RefundView) });
export type RefundList = z.infer<typeof RefundList>;
