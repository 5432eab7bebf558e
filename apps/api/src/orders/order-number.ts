import { randomInt } from 'node:crypto';

/** yyyyMMddHHmmss in Asia/Shanghai (the day WeChat's bills and our business days use). */
function shanghaiStamp(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
}

function digits(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += randomInt(10);
  return s;
}

/**
 * out_trade_no: 14-digit Shanghai timestamp + 8 random digits = 22 characters (WeChat allows 6..32,
 * [0-9A-Za-z_-*]). Readable on a phone call, sortable by time, unique by index (a clash fails the insert).
 */
export const newOutTradeNo = (now = new Date()) => `${shanghaiStamp(now)}${digits(8)}`;

/** out_refund_no: `R` + the same shape (23 characters). Never reused: WeChat deduplicates refunds by it. */
export const newOutRefundNo = (now = new Date()) => `R${shanghaiStamp(now)}${digits(8)}`;
