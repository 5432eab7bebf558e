import type { Address, AfterSaleReason, AfterSaleStatus, AfterSaleType, RefundStatus } from '@shareshop/common';

/** An `after_sale` row as `SELECT *` returns it (snake_case, timestamps as Date). */
export interface AfterSaleRow {
  id: number;
  refund_id: number;
  order_id: number;
  merchant_id: number;
  buyer_user_id: number;
  type: AfterSaleType;
  status: AfterSaleStatus;
  reason: AfterSaleReason;
  description: string;
  photos: string[];
  reject_reason: string | null;
  return_address: Address | null;
  return_carrier: string | null;
  return_tracking_no: string | null;
  reply_due_at: Date | null;
  return_due_at: Date | null;
  receive_due_at: Date | null;
  decided_by: number | null;
  received_by: number | null;
  created_at: Date;
  updated_at: Date;
  decided_at: Date | null;
  return_shipped_at: Date | null;
  return_received_at: Date | null;
  completed_at: Date | null;
  refund_failed_at: Date | null;
  cancelled_at: Date | null;
  closed_at: Date | null;
  return_rejected_at: Date | null;
}

/** A row of AFTER_SALE_SELECT (after-sale.view.ts): the request with its order number, merchant name and refund. */
export interface AfterSaleSelectRow extends Omit<AfterSaleRow, 'refund_failed_at'> {
  out_trade_no: string;
  merchant_name: string;
  out_refund_no: string;
  amount: number;
  refund_status: RefundStatus;
  refund_decided_at: Date | null;
  refund_succeeded_at: Date | null;
  refund_failed_at: Date | null;
}
