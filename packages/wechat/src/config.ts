import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { certificateSerial, splitPemCertificates } from './crypto/rsa.js';
import { WechatConfigError, type ConfigIssue } from './errors.js';

export const WECHAT_API_BASE_PRODUCTION = 'https://api.weixin.qq.com';
export const WECHATPAY_BASE_PRODUCTION = 'https://api.mch.weixin.qq.com';

export interface WechatConfig {
  miniProgram: {
    appid: string;
    appSecret: string;
    /** https://api.weixin.qq.com in production; the sandbox in dev/tests. */
    apiBase: string;
  };
  pay: {
    appid: string;
    mchid: string;
    /** Merchant API certificate serial, uppercase hex. */
    merchantSerialNo: string;
    merchantPrivateKeyPem: string;
    merchantCertificatePem?: string;
    /** 32-byte APIv3 key (AEAD key for callbacks and /v3/certificates). */
    apiV3Key: string;
    /** https://api.mch.weixin.qq.com in production; the sandbox in dev/tests. */
    baseUrl: string;
    /** Pinned platform certificates (PEM). When absent they are fetched from /v3/certificates. */
    platformCertificatePems?: string[];
    /** WeChat Pay public key (PUB_KEY_ID_…) mode; may coexist with platform certificates during a switch-over. */
    publicKey?: { id: string; pem: string };
    /** Public base URL WeChat calls back (https in production). */
    notifyBaseUrl: string;
  };
  httpTimeoutMs: number;
}

type Env = Record<string, string | undefined>;

export interface ParseOptions {
  /** Reads *_FILE variables; defaults to fs.readFileSync(path, 'utf8'). */
  readFile?: (path: string) => string;
}

const httpUrl = z
  .string()
  .trim()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');

/**
 * Validates the environment and returns a typed config. All problems are reported at once, each naming its
 * environment variable, in a {@link WechatConfigError}.
 */
export function parseWechatConfig(env: Env, options: ParseOptions = {}): WechatConfig {
  const readFile = options.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const issues: ConfigIssue[] = [];
  const fail = (variable: string, message: string) => issues.push({ variable, message });

  const required = (name: string): string => {
    const v = env[name]?.trim();
    if (!v) fail(name, 'is required');
    return v ?? '';
  };
  const url = (name: string, fallback: string): string => {
    const raw = env[name]?.trim() || fallback;
    const r = httpUrl.safeParse(raw);
    if (!r.success) fail(name, `must be an http(s) URL, got ${JSON.stringify(raw)}`);
    return raw.replace(/\/+$/, '');
  };
  /** NAME (inline PEM, `\n` escapes allowed) or NAME_FILE (path). */
  const pemValue = (name: string, isRequired: boolean): string | undefined => {
    const inline = env[name]?.trim();
    const file = env[`${name}_FILE`]?.trim();
    if (inline && file) fail(name, `set either ${name} or ${name}_FILE, not both`);
    if (inline) return inline.replace(/\\n/g, '\n');
    if (file) {
      try {
        return readFile(file);
      } catch (e) {
        fail(`${name}_FILE`, `cannot read ${file}: ${(e as Error).message}`);
        return undefined;
      }
    }
    if (isRequired) fail(name, `is required (PEM text in ${name}, or a path in ${name}_FILE)`);
    return undefined;
  };

  const appid = required('WECHAT_APPID');
  if (appid && !/^wx[0-9a-zA-Z]+$/.test(appid)) fail('WECHAT_APPID', 'must start with wx followed by letters/digits');
  const appSecret = required('WECHAT_APPSECRET');
  const apiBase = url('WECHAT_API_BASE', WECHAT_API_BASE_PRODUCTION);

  const mchid = required('WECHATPAY_MCHID');
  if (mchid && !/^\d{8,12}$/.test(mchid)) fail('WECHATPAY_MCHID', 'must be the numeric merchant id');
  const serialRaw = required('WECHATPAY_SERIAL_NO');
  const merchantSerialNo = serialRaw.toUpperCase();
  if (serialRaw && !/^[0-9A-F]+$/.test(merchantSerialNo)) fail('WECHATPAY_SERIAL_NO', 'must be hexadecimal');

  const merchantPrivateKeyPem = pemValue('WECHATPAY_PRIVATE_KEY', true);
  if (merchantPrivateKeyPem) {
    try {
      const k = createPrivateKey(merchantPrivateKeyPem);
      if (k.asymmetricKeyType !== 'rsa') fail('WECHATPAY_PRIVATE_KEY', 'must be an RSA private key');
    } catch {
      fail('WECHATPAY_PRIVATE_KEY', 'is not a readable PEM private key');
    }
  }
  const merchantCertificatePem = pemValue('WECHATPAY_CERTIFICATE', false);
  if (merchantCertificatePem) {
    try {
      const serial = certificateSerial(merchantCertificatePem);
      if (merchantSerialNo && serial !== merchantSerialNo) {
        fail('WECHATPAY_SERIAL_NO', `does not match WECHATPAY_CERTIFICATE (certificate serial is ${serial})`);
      }
      if (merchantPrivateKeyPem) {
        const cert = new X509Certificate(merchantCertificatePem);
        if (!cert.checkPrivateKey(createPrivateKey(merchantPrivateKeyPem))) {
          fail('WECHATPAY_CERTIFICATE', 'does not belong to WECHATPAY_PRIVATE_KEY');
        }
      }
    } catch {
      fail('WECHATPAY_CERTIFICATE', 'is not a readable PEM certificate');
    }
  }

  const apiV3Key = required('WECHATPAY_APIV3_KEY');
  if (apiV3Key && Buffer.byteLength(apiV3Key, 'utf8') !== 32) {
    fail('WECHATPAY_APIV3_KEY', `must be exactly 32 bytes, got ${Buffer.byteLength(apiV3Key, 'utf8')}`);
  }
  const baseUrl = url('WECHATPAY_BASE', WECHATPAY_BASE_PRODUCTION);

  let platformCertificatePems: string[] | undefined;
  const platformBundle = pemValue('WECHATPAY_PLATFORM_CERTIFICATES', false);
  if (platformBundle) {
    platformCertificatePems = splitPemCertificates(platformBundle);
    if (platformCertificatePems.length === 0) fail('WECHATPAY_PLATFORM_CERTIFICATES', 'contains no PEM certificate');
    for (const pem of platformCertificatePems) {
      try {
        certificateSerial(pem);
      } catch {
        fail('WECHATPAY_PLATFORM_CERTIFICATES', 'contains an unreadable certificate');
      }
    }
  }

  let publicKey: WechatConfig['pay']['publicKey'];
  const publicKeyId = env.WECHATPAY_PUBLIC_KEY_ID?.trim();
  const publicKeyPem = pemValue('WECHATPAY_PUBLIC_KEY', false);
  if (publicKeyId || publicKeyPem) {
    if (!publicKeyId) fail('WECHATPAY_PUBLIC_KEY_ID', 'is required when WECHATPAY_PUBLIC_KEY is set');
    else if (!publicKeyId.startsWith('PUB_KEY_ID_')) fail('WECHATPAY_PUBLIC_KEY_ID', 'must start with PUB_KEY_ID_');
    if (!publicKeyPem) fail('WECHATPAY_PUBLIC_KEY', 'is required when WECHATPAY_PUBLIC_KEY_ID is set');
    else {
      try {
        createPublicKey(publicKeyPem);
      } catch {
        fail('WECHATPAY_PUBLIC_KEY', 'is not a readable PEM public key');
      }
    }
    if (publicKeyId && publicKeyPem) publicKey = { id: publicKeyId, pem: publicKeyPem };
  }

  let notifyBaseUrl = '';
  if (!env.WECHATPAY_NOTIFY_BASE_URL?.trim()) {
    fail('WECHATPAY_NOTIFY_BASE_URL', 'is required (public base URL WeChat Pay calls back)');
  } else {
    notifyBaseUrl = url('WECHATPAY_NOTIFY_BASE_URL', '');
    if (baseUrl === WECHATPAY_BASE_PRODUCTION && !notifyBaseUrl.startsWith('https://')) {
      fail('WECHATPAY_NOTIFY_BASE_URL', 'must be https when WECHATPAY_BASE is production');
    }
  }

  let httpTimeoutMs = 10_000;
  const timeoutRaw = env.WECHAT_HTTP_TIMEOUT_MS?.trim();
  if (timeoutRaw) {
    const r = z.coerce.number().int().min(100).max(120_000).safeParse(timeoutRaw);
    if (!r.success) fail('WECHAT_HTTP_TIMEOUT_MS', 'must be an integer number of milliseconds between 100 and 120000');
    else httpTimeoutMs = r.data;
  }

  if (issues.length > 0) throw new WechatConfigError(issues);
  return {
    miniProgram: { appid, appSecret, apiBase },
    pay: {
      appid,
      mchid,
      merchantSerialNo,
      merchantPrivateKeyPem: merchantPrivateKeyPem!,
      ...(merchantCertificatePem ? { merchantCertificatePem } : {}),
      apiV3Key,
      baseUrl,
      ...(platformCertificatePems ? { platformCertificatePems } : {}),
      ...(publicKey ? { publicKey } : {}),
      notifyBaseUrl,
    },
    httpTimeoutMs,
  };
}

/** Credentials as `startSandbox()` from @shareshop/wechat-sandbox returns them. */
export interface SandboxCredentials {
  appid: string;
  appSecret: string;
  mchid: string;
  merchantSerialNo: string;
  merchantPrivateKeyPem: string;
  merchantCertificatePem?: string;
  apiV3Key: string;
  platformSerialNo?: string;
  platformCertificatePem?: string;
  publicKeyId?: string;
  publicKeyPem?: string;
}

/**
 * Config for dev/tests against the local sandbox: both base URLs point at it. Platform certificates are NOT
 * pinned (they are fetched from /v3/certificates like production) unless `pinPlatformCertificate` is set.
 */
export function configFromSandboxCredentials(
  creds: SandboxCredentials,
  baseUrl: string,
  options: { notifyBaseUrl?: string; httpTimeoutMs?: number; pinPlatformCertificate?: boolean; usePublicKey?: boolean } = {},
): WechatConfig {
  const env: Env = {
    WECHAT_APPID: creds.appid,
    WECHAT_APPSECRET: creds.appSecret,
    WECHAT_API_BASE: baseUrl,
    WECHATPAY_MCHID: creds.mchid,
    WECHATPAY_SERIAL_NO: creds.merchantSerialNo,
    WECHATPAY_PRIVATE_KEY: creds.merchantPrivateKeyPem,
    WECHATPAY_CERTIFICATE: creds.merchantCertificatePem,
    WECHATPAY_APIV3_KEY: creds.apiV3Key,
    WECHATPAY_BASE: baseUrl,
    WECHATPAY_PLATFORM_CERTIFICATES: options.pinPlatformCertificate ? creds.platformCertificatePem : undefined,
    WECHATPAY_PUBLIC_KEY_ID: options.usePublicKey === false ? undefined : creds.publicKeyId,
    WECHATPAY_PUBLIC_KEY: options.usePublicKey === false ? undefined : creds.publicKeyPem,
    WECHATPAY_NOTIFY_BASE_URL: options.notifyBaseUrl ?? 'http://127.0.0.1:1',
    WECHAT_HTTP_TIMEOUT_MS: String(options.httpTimeoutMs ?? 5000),
  };
  return parseWechatConfig(env);
}
