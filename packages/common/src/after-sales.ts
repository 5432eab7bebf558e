import { z } from 'zod';
import { AFTER_SALE_REASON_LABELS } from './after-sale-labels.js';
import { pageSchema } from './ids.js';
import { Address, OrderView, ShipOrderBody } from './orders.js';
import { BodyId, FenAmount, ImageUrl, IsoDate, PageFields, Quantity, multilineText, text } from './schema-kit.js';

export * from './after-sale-labels.js';

/**
 * After-sales (售后): a buyer's request wrapping one refund (apps/api/docs/orders.md "After-sales").
 * refund_only: 仅退款 (any time after payment); return_refund: 退货退款 (only once shipped; the refund goes out
 * when the merchant confirms the goods came back).
 */
export const AfterSaleType = z.enum(['refund_only', 'return_refund'], { error: '必须是 refund_only 或 return_refund' });
export type AfterSaleType = z.infer<typeof AfterSaleType>;
export type AfterSaleReason = keyof typeof AFTER_SALE_REASON_LABELS;
export const AfterSaleReason = z.enum(Object.keys(AFTER_SALE_REASON_LABELS) as [AfterSaleReason, ...AfterSaleReason[]], { error: '不是可选的原因' });

export const AfterSaleStatus = z.enum([
  'pending',
  'awaiting_return',
  'returning',
  'refunding',
  'completed',
  'rejected',
  'cancelled',
  'closed',
  'refund_failed',
]);
export type AfterSaleStatus = z.infer<typeof AfterSaleStatus>;
export const AfterSaleItemsInput = z
  .array(z.strictObject({ orderItemId: BodyId, quantity: Quantity }), { error: '必须是数组' })
  .min(1, '至少选择一件商品')
  .max(50, '最多 50 项');

/** POST /orders/:id/after-sales/quote — what these lines would refund (no items: everything still refundable). */
export const AfterSaleQuoteBody = z.strictObject({ items: AfterSaleItemsInput.optional() });
export type AfterSaleQuoteBody = z.infer<typeof AfterSaleQuoteBody>;

export const AfterSaleQuote = z.object({
  lines: z.array(z.object({ orderItemId: z.number().int(), quantity: z.number().int(), amount: FenAmount, refundableQuantity: z.number().int() })),
  /** shipping fee returned too (only when the request empties an order that never shipped) */
  shippingAmount: FenAmount,
  amount: FenAmount,
  /** what the order can still give back in all: paid total − refunded so far */
  remainingTotal: FenAmount,
  allowedTypes: z.array(AfterSaleType),
});
export type AfterSaleQuote = z.infer<typeof AfterSaleQuote>;

/** POST /orders/:id/after-sales */
export const CreateAfterSaleBody = z.strictObject({
  type: AfterSaleType,
  reason: AfterSaleReason,
  description: multilineText(500).default(''),
  photos: z.array(ImageUrl, { error: '必须是数组' }).max(3, '最多 3 张照片').default([]),
  items: AfterSaleItemsInput,
});
export type CreateAfterSaleBody = z.input<typeof CreateAfterSaleBody>;

/** POST /after-sales/:id/return-shipment — the buyer's parcel back to the merchant. */
export const ReturnShipmentBody = ShipOrderBody;
export type ReturnShipmentBody = z.infer<typeof ReturnShipmentBody>;

/** POST /merchant/after-sales/:id/approve — a return needs an address (this one, or the merchant's default). */
export const ApproveAfterSaleBody = z.strictObject({ returnAddress: Address.optional() });
export type ApproveAfterSaleBody = z.infer<typeof ApproveAfterSaleBody>;

export const RejectAfterSaleBody = z.strictObject({ reason: text(200, 1) });
export type RejectAfterSaleBody = z.infer<typeof RejectAfterSaleBody>;

/** GET|PUT /merchant/after-sale-settings — the default return address offered when approving a return. */
export const AfterSaleSettings = z.strictObject({ returnAddress: Address.nullable() });
export type AfterSaleSettings = z.infer<typeof AfterSaleSettings>;

export const AfterSaleListQuery = z.strictObject({
  status: AfterSaleStatus.optional(),
  orderId: z.coerce.number({ error: '必须是正整数 id' }).int().positive().optional(),
  ...PageFields,
});
export type AfterSaleListQuery = z.infer<typeof AfterSaleListQuery>;

export const AfterSaleTimelineEntry = z.object({
  kind: z.enum([
    'requested',
    'approved',
    'rejected',
    'return_shipped',
    'return_received',
    'refund_submitted',
    'refunded',
    'refund_failed',
    'cancelled',
    'closed',
  ]),
  at: IsoDate,
  /** a reason, a tracking number, "超时自动同意" ... */
  note: z.string().nullable(),
});
export type AfterSaleTimelineEntry = z.infer<typeof AfterSaleTimelineEntry>;

export const AfterSaleView = z.object({
  id: z.number().int(),
  orderId: z.number().int(),
  outTradeNo: z.string(),
  refundId: z.number().int(),
  outRefundNo: z.string(),
  merchantId: z.number().int(),
  merchantName: z.string(),
  type: AfterSaleType,
  status: AfterSaleStatus,
  reason: AfterSaleReason,
  description: z.string(),
  photos: z.array(z.string()),
  amount: FenAmount,
  items: z.array(
    z.object({
      orderItemId: z.number().int(),
      title: z.string(),
      specValues: z.unknown(),
      image: z.string().nullable(),
      quantity: z.number().int(),
      amount: FenAmount,
    }),
  ),
  rejectReason: z.string().nullable(),
  returnAddress: Address.nullable(),
  returnCarrier: z.string().nullable(),
  returnTrackingNo: z.string().nullable(),
  /** the deadline of whoever must act now (merchant answer / buyer ship / merchant confirm), or null */
  dueAt: IsoDate.nullable(),
  createdAt: IsoDate,
  timeline: z.array(AfterSaleTimelineEntry),
});
export type AfterSaleView = z.infer<typeof AfterSaleView>;

export const AfterSalePage = pageSchema(AfterSaleView);
export type AfterSalePage = z.infer<typeof AfterSalePage>;

/** The merchant's list: one page plus how many requests sit in each state (the tabs' badges). */
export const MerchantAfterSaleList = z.object({
  items: z.array(AfterSaleView),
  total: z.number().int(),
  counts: z.record(AfterSaleStatus, z.number().int()),
});
export type MerchantAfterSaleList = z.infer<typeof MerchantAfterSaleList>;

/** The merchant's detail: the request and its order (lines, address, timeline). */
export const MerchantAfterSaleDetail = AfterSaleView.extend({ order: OrderView });
export type MerchantAfterSaleDetail = z.infer<typeof MerchantAfterSaleDetail>;
