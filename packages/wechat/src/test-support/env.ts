import type { WechatConfig } from '../config.js';
import { parseWechatConfig } from '../config.js';
import type { TestWorld } from './keys.js';

export function envFor(w: TestWorld, baseUrl: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    WECHAT_APPID: w.appid,
    WECHAT_APPSECRET: w.appSecret,
    WECHAT_API_BASE: baseUrl,
    WECHATPAY_MCHID: w.mchid,
    WECHATPAY_SERIAL_NO: w.merchant.serial,
    WECHATPAY_PRIVATE_KEY: w.merchant.privateKeyPem,
    WECHATPAY_CERTIFICATE: w.merchant.certPem,
    WECHATPAY_APIV3_KEY: w.apiV3Key,
    WECHATPAY_BASE: baseUrl,
    WECHATPAY_NOTIFY_BASE_URL: 'https://shop.example.com',
    WECHAT_HTTP_TIMEOUT_MS: '1000',
    ...extra,
  };
}

export function configFor(w: TestWorld, baseUrl: string, extra: Record<string, string | undefined> = {}): WechatConfig {
  return parseWechatConfig(envFor(w, baseUrl, extra));
}
