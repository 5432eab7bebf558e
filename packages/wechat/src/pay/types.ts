/** WeChat Pay v3 payloads, in WeChat's own snake_case (the same shapes callbacks decrypt to). Amounts in fen. */

export interface PayAmount {
  total: number;
  payer_total?: number;
  currency?: string;
  payer_currency?: string;
}

/** GET /v3/pay/transactions/out-trade-no/{no}, and the TRANSACTION.SUCCESS callback resource. */
export interface PayTransaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_type?: string;
  /** SUCCESS, REFUND, NOTPAY, CLOSED, REVOKED, USERPAYING, PAYERROR */
  trade_state: string;
  trade_state_desc?: string;
  bank_type?: string;
  attach?: string;
  success_time?: string;
  payer?: { openid: string };
  amount?: PayAmount;
}

/** POST /v3/refund/domestic/refunds, GET …/refunds/{out_refund_no}. */
export interface PayRefund {
  refund_id: string;
  out_refund_no: string;
  transaction_id: string;
  out_trade_no: string;
  channel?: string;
  user_received_account?: string;
  success_time?: string;
  create_time: string;
  /** SUCCESS, CLOSED, PROCESSING, ABNORMAL */
  status: string;
  funds_account?: string;
  amount: { total: number; refund: number; payer_total?: number; payer_refund?: number; currency?: string };
}

/** REFUND.* callback resource. */
export interface RefundNotificationResource {
  mchid: string;
  out_trade_no: string;
  transaction_id: string;
  out_refund_no: string;
  refund_id: string;
  /** SUCCESS, CLOSED, ABNORMAL */
  refund_status: string;
  success_time?: string;
  user_received_account?: string;
  amount: { total: number; refund: number; payer_total: number; payer_refund: number };
}

/** 商家转账 (2025): states of a transfer bill. */
export type TransferBillState = 'ACCEPTED' | 'PROCESSING' | 'WAIT_USER_CONFIRM' | 'TRANSFERING' | 'SUCCESS' | 'FAIL' | 'CANCELING' | 'CANCELLED';

export interface TransferBill {
  mch_id?: string;
  out_bill_no: string;
  transfer_bill_no: string;
  appid?: string;
  state: TransferBillState;
  transfer_amount?: number;
  transfer_remark?: string;
  fail_reason?: string;
  openid?: string;
  user_name?: string;
  create_time?: string;
  update_time?: string;
}

export interface ProfitSharingReceiverResult {
  type: 'MERCHANT_ID' | 'PERSONAL_OPENID';
  account: string;
  amount: number;
  description: string;
  /** PENDING, SUCCESS, CLOSED */
  result: string;
  fail_reason?: string;
  create_time?: string;
  finish_time?: string;
  detail_id?: string;
}

export interface ProfitSharingOrder {
  transaction_id: string;
  out_order_no: string;
  order_id: string;
  /** PROCESSING, FINISHED */
  state: string;
  receivers?: ProfitSharingReceiverResult[];
}

/** What wx.requestPayment takes. */
export interface RequestPaymentParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}
