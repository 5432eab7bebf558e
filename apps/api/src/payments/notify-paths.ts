/** Where WeChat Pay calls us back (relative to WECHATPAY_NOTIFY_BASE_URL / API_PUBLIC_URL). */
export const PAYMENT_NOTIFY_PATH = '/api/v1/payments/wechat/notify';
export const REFUND_NOTIFY_PATH = '/api/v1/payments/wechat/refund-notify';

/** Money from a payment we could not accept (order closed/cancelled/paid twice), held until refunded. */
