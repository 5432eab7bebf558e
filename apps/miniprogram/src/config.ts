/**
 * Runtime configuration, baked in at build time (see config/index.ts). Under Jest these fall back to the
 * same defaults, so tests never depend on the shell environment.
 */
export const API_BASE: string = process.env.TARO_APP_API_BASE || 'http://127.0.0.1:7000/api/v1';
/** The WeChat sandbox (H5 only: test-user login codes, cashier page, transfer confirmation). */
export const SANDBOX_BASE: string = process.env.TARO_APP_SANDBOX_BASE || 'http://127.0.0.1:7100';
/**
 * Subscribe message template telling an applicant the platform's decision on their merchant application (the
 * API's WECHAT_TEMPLATE_MERCHANT_REVIEWED). WeChat sends it only with the user's consent, asked on a tap.
 */
export const MERCHANT_REVIEWED_TEMPLATE: string = process.env.TARO_APP_TEMPLATE_MERCHANT_REVIEWED || '';
