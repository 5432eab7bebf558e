import type { CommissionStatus } from '@shareshop/common';

/** A `commission` row as `SELECT *` returns it (snake_case; bigint ids and fen amounts as numbers). */
export interface CommissionRow {
  id: number;
  order_id: number;
  order_item_id: number;
  merchant_id: number;
  product_id: number | null;
  beneficiary_user_id: number;
  level: number;
  base_amount: number;
  rate_bps: number;
  amount: number;
  refunded_base: number;
  reversed_amount: number;
  status: CommissionStatus;
  releasable_at: Date | null;
  released_at: Date | null;
  created_at: Date;
  updated_at: Date;
}
