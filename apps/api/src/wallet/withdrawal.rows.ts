import type { WithdrawalStatus } from '@shareshop/common';

/** A `withdrawal` row as `SELECT *` returns it (snake_case; bigint ids and fen amounts as numbers, dates as Date). */
export interface WithdrawalRow {
  id: number;
  user_id: number;
  amount: number;
  status: WithdrawalStatus;
  out_bill_no: string;
  openid: string;
  business_date: Date;
  transfer_bill_no: string | null;
  package_info: string | null;
  fail_reason: string | null;
  last_error: string | null;
  attempts: number;
  created_at: Date;
  updated_at: Date;
  settled_at: Date | null;
  idempotency_key: string | null;
  request_hash: string | null;
}
