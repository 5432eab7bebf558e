import type { Address, OrderStatus, RefundStatus } from '@shareshop/common';

/**
 * Rows of the tables the orders module owns, as `SELECT *` returns them (snake_case; bigint ids and fen
 * amounts arrive as numbers through the int8 parser in database/money.ts, timestamps as Date).
 */
export interface OrderRow {
  id: number;
  out_trade_no: string;
  buyer_user_id: number;
  merchant_id: number;
  shop_id: number;
  distributor_user_id: number | null;
  status: OrderStatus;
  idempotency_key: string;
  items_total: number;
  discount_total: number;
  shipping_fee: number;
  paid_total: number;
  refunded_total: number;
  address: Address;
  remark: string;
  carrier: string | null;
  tracking_no: string | null;
  prepay_id: string | null;
  prepay_at: Date | null;
  transaction_id: string | null;
  payer_openid: string | null;
  expires_at: Date;
  created_at: Date;
  updated_at: Date;
  paid_at: Date | null;
  shipped_at: Date | null;
  received_at: Date | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
  closed_at: Date | null;
  refunded_at: Date | null;
  request_hash: string | null;
}

export interface OrderItemRow {
  id: number;
  order_id: number;
  product_id: number;
  sku_id: number;
  title: string;
  spec_values: string[];
  image: string | null;
  unit_price: number;
  quantity: number;
  items_amount: number;
  discount_amount: number;
  paid_amount: number;
  refunded_quantity: number;
  refunded_amount: number;
}

export interface RefundRow {
  id: number;
  order_id: number;
  merchant_id: number;
  buyer_user_id: number;
  kind: 'buyer' | 'auto';
  out_refund_no: string;
  transaction_id: string | null;
  status: RefundStatus;
  amount: number;
  reason: string;
  reject_reason: string | null;
  restock: boolean;
  wechat_refund_id: string | null;
  wechat_status: string | null;
  decided_by: number | null;
  created_at: Date;
  decided_at: Date | null;
  submitted_at: Date | null;
  succeeded_at: Date | null;
  failed_at: Date | null;
  cancelled_at: Date | null;
}

export interface RefundItemRow {
  refund_id: number;
  order_item_id: number;
  quantity: number;
  amount: number;
}

/** An order row joined with its merchant's name (the order views). */
export type OrderWithMerchantRow = OrderRow & { merchant_name: string };
