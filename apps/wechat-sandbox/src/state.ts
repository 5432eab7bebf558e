/** In-memory records of everything the sandbox knows. Lost on restart, cleared by POST /__sandbox__/reset. */

export interface TestUser {
  name: string;
  openid: string;
  unionid: string;
}

export interface LoginCode {
  code: string;
  user: string;
  issuedAt: number;
  usedAt?: number;
}

export interface AccessToken {
  token: string;
  expiresAt: number;
  stable: boolean;
}

export interface SentMessage {
  time: string;
  touser: string;
  template_id: string;
  page?: string;
  data: unknown;
  miniprogram_state?: string;
}

export type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND' | 'PAYERROR' | 'USERPAYING' | 'REVOKED';

export interface Transaction {
  appid: string;
  mchid: string;
  description: string;
  out_trade_no: string;
  notify_url: string;
  attach?: string;
  time_expire?: string;
  total: number;
  currency: string;
  openid: string;
  profit_sharing: boolean;
  /** JSON of the prepay request's business fields, to detect a reused out_trade_no with other params. */
  fingerprint: string;
  prepay_id: string;
  prepay_at: number;
  trade_state: TradeState;
  trade_state_desc: string;
  transaction_id?: string;
  success_at?: number;
  payer_total?: number;
  closed_at?: number;
}

export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';

export interface Refund {
  refund_id: string;
  out_refund_no: string;
  out_trade_no: string;
  transaction_id: string;
  reason?: string;
  notify_url?: string;
  refund: number;
  total: number;
  payer_total: number;
  payer_refund: number;
  currency: string;
  status: RefundStatus;
  created_at: number;
  success_at?: number;
  fingerprint: string;
}

export type TransferState = 'ACCEPTED' | 'PROCESSING' | 'WAIT_USER_CONFIRM' | 'TRANSFERING' | 'SUCCESS' | 'FAIL' | 'CANCELING' | 'CANCELLED';

export interface TransferBill {
  mch_id: string;
  appid: string;
  out_bill_no: string;
  transfer_bill_no: string;
  transfer_scene_id: string;
  openid: string;
  user_name?: string;
  transfer_amount: number;
  transfer_remark: string;
  notify_url?: string;
  user_recv_perception?: string;
  transfer_scene_report_infos: unknown;
  package_info: string;
  state: TransferState;
  fail_reason?: string;
  created_at: number;
  updated_at: number;
  fingerprint: string;
}

export interface ProfitSharingReceiver {
  type: 'MERCHANT_ID' | 'PERSONAL_OPENID';
  account: string;
  name?: string;
  relation_type: string;
  custom_relation?: string;
}

export interface ProfitSharingOrder {
  transaction_id: string;
  out_order_no: string;
  order_id: string;
  state: 'PROCESSING' | 'FINISHED';
  /** unfreeze_unsplit of a share order, or true for an unfreeze order: the transaction's rest is released */
  unfreeze: boolean;
  /** an unfreeze order (POST /v3/profitsharing/orders/unfreeze), not a share */
  kind?: 'share' | 'unfreeze';
  receivers: Array<{
    amount: number;
    description: string;
    type: string;
    account: string;
    result: 'PENDING' | 'SUCCESS' | 'CLOSED';
    fail_reason?: string;
    detail_id: string;
    create_time: string;
    finish_time?: string;
  }>;
}

export interface BillFile {
  token: string;
  content: string;
  expiresAt: number;
  /** A registered bill fixture file (plain or gzip) served instead of `content`, as gzip when `gzip`. */
  file?: { path: string; gzip: boolean };
  gzip?: boolean;
}

/** A trade bill file registered through the control API (large bills for benchmarks), with its SHA1. */
export interface BillFixture {
  path: string;
  /** the file itself is gzip */
  gzip: boolean;
  /** SHA1 of the original (decompressed) bill, as WeChat's hash_value */
  sha1: string;
  bytes: number;
}

export class State {
  users = new Map<string, TestUser>();
  codes = new Map<string, LoginCode>();
  tokens = new Map<string, AccessToken>();
  currentToken?: string;
  currentStableToken?: string;
  messages: SentMessage[] = [];
  transactions = new Map<string, Transaction>(); // by out_trade_no
  refunds = new Map<string, Refund>(); // by out_refund_no
  refundAutoComplete = true;
  billFiles = new Map<string, BillFile>();
  billFixtures = new Map<string, BillFixture>(); // by `${bill_date}:${bill_type}`
  transfers = new Map<string, TransferBill>(); // by out_bill_no
  psReceivers = new Map<string, ProfitSharingReceiver>(); // by type:account
  psOrders = new Map<string, ProfitSharingOrder>(); // by out_order_no
  psMaxRatio = 0.3;
  /** Control API: the next matching profit sharing receivers end CLOSED with this fail_reason. */
  psFailNext: Array<{ account?: string; failReason: string; remaining: number }> = [];

  txByPrepay(prepayId: string): Transaction | undefined {
    for (const t of this.transactions.values()) if (t.prepay_id === prepayId) return t;
    return undefined;
  }
  txById(transactionId: string): Transaction | undefined {
    for (const t of this.transactions.values()) if (t.transaction_id === transactionId) return t;
    return undefined;
  }
}
