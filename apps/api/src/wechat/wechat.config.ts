import fs from 'node:fs';
import path from 'node:path';
import { type SandboxCredentials, type WechatConfig, WechatConfigError, configFromSandboxCredentials, parseWechatConfig } from '@shareshop/wechat';
import { ConfigError, type Env } from '../env.js';

/**
 * Where the WeChat keys come from. Real credentials when WECHAT_APPID is set; otherwise (never in
 * production) the keys the local WeChat sandbox generated into DATA_DIR/sandbox/credentials.json, with
 * both WeChat base URLs pointed at the sandbox. Business code never knows which: only URLs and keys differ.
 * Returns null when neither is available; WeChat-backed routes then answer 503 WECHAT_NOT_CONFIGURED.
 */
export function loadWechatConfig(env: Env, dataDir: string, apiPublicUrl: string): WechatConfig | null {
  const notifyBaseUrl = (env.WECHATPAY_NOTIFY_BASE_URL || apiPublicUrl).replace(/\/+$/, '');
  try {
    if (env.WECHAT_APPID) return parseWechatConfig({ ...env, WECHATPAY_NOTIFY_BASE_URL: notifyBaseUrl });
  } catch (error) {
    if (error instanceof WechatConfigError) throw new ConfigError(error.issues.map((i) => `${i.variable} (wechat): ${i.message}`));
    throw error;
  }
  if (env.NODE_ENV === 'production') throw new ConfigError(['WECHAT_APPID (wechat): required when NODE_ENV=production']);
  const file = env.WECHAT_SANDBOX_CREDENTIALS_FILE || path.join(dataDir, 'sandbox', 'credentials.json');
  if (!fs.existsSync(file)) return null;
  let credentials: SandboxCredentials;
  try {
    credentials = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([`WECHAT_SANDBOX_CREDENTIALS_FILE (wechat): ${file} is not valid JSON: ${(error as Error).message}`]);
  }
  const sandboxUrl = (env.WECHAT_SANDBOX_URL || 'http://127.0.0.1:7100').replace(/\/+$/, '');
  return configFromSandboxCredentials(credentials, sandboxUrl, { notifyBaseUrl, httpTimeoutMs: Number(env.WECHAT_HTTP_TIMEOUT_MS || 5000) });
}
