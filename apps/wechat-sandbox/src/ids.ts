import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { shanghaiCompact } from './clock.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlnum(len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += ALNUM[randomInt(ALNUM.length)];
  return s;
}

export function randomDigits(len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += String(randomInt(10));
  return s;
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export const uuid = (): string => randomUUID();

/** wx + yyyyMMddHHmmss + 22 hex, like WeChat's prepay_id. */
export function prepayId(now: number): string {
  return `wx${shanghaiCompact(now)}${randomHex(11)}`.slice(0, 36);
}

/** 28 digits starting 4200, like WeChat transaction_id. */
export function transactionId(now: number): string {
  return `4200${randomDigits(6)}${shanghaiCompact(now).slice(0, 8)}${randomDigits(10)}`;
}

/** 29 digits starting 50, like WeChat refund_id. */
export function refundId(now: number): string {
  return `50${randomDigits(9)}${shanghaiCompact(now).slice(0, 8)}${randomDigits(10)}`;
}
