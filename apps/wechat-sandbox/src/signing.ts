import { createCipheriv, createSign, createVerify, X509Certificate } from 'node:crypto';
import { randomAlnum } from './ids.js';
import type { SandboxCredentials, SigningMode } from './types.js';

export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';

export interface ParsedAuthorization {
  mchid: string;
  nonce_str: string;
  signature: string;
  timestamp: string;
  serial_no: string;
}

/** Parse `WECHATPAY2-SHA256-RSA2048 mchid="..",nonce_str="..",...`; null when malformed. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | null {
  if (!header || !header.startsWith(AUTH_SCHEMA + ' ')) return null;
  const fields: Record<string, string> = {};
  const re = /(\w+)="([^"]*)"/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(header.slice(AUTH_SCHEMA.length + 1)))) fields[m[1]] = m[2];
  const keys = ['mchid', 'nonce_str', 'signature', 'timestamp', 'serial_no'] as const;
  if (keys.some((k) => !fields[k])) return null;
  return fields as unknown as ParsedAuthorization;
}

export type AuthResult = { ok: true; auth: ParsedAuthorization } | { ok: false; status: number; code: string; message: string };

/**
 * Verify a merchant request the way WeChat Pay does: the signature covers
 * `METHOD\nPATH_WITH_QUERY\ntimestamp\nnonce\nbody\n` and must verify with the merchant API certificate.
 */
export function verifyMerchantRequest(
  creds: SandboxCredentials,
  method: string,
  pathWithQuery: string,
  body: string,
  header: string | undefined,
  realNowMs: number = Date.now(),
): AuthResult {
  const auth = parseAuthorization(header);
  if (!auth) {
    return {
      ok: false,
      status: 401,
      code: 'SIGN_ERROR',
      message: 'Authorization 头缺失或格式错误 (sandbox: expected WECHATPAY2-SHA256-RSA2048 mchid,nonce_str,signature,timestamp,serial_no)',
    };
  }
  if (auth.mchid !== creds.mchid) {
    return { ok: false, status: 400, code: 'PARAM_ERROR', message: `商户号 ${auth.mchid} 不存在或与证书不匹配` };
  }
  if (auth.serial_no !== creds.merchantSerialNo) {
    return { ok: false, status: 401, code: 'SIGN_ERROR', message: `商户证书序列号有误 (sandbox expects ${creds.merchantSerialNo}, uppercase hex)` };
  }
  const ts = Number(auth.timestamp);
  if (!/^\d{10}$/.test(auth.timestamp) || Math.abs(realNowMs / 1000 - ts) > 300) {
    return { ok: false, status: 401, code: 'SIGN_ERROR', message: '签名时间戳与当前时间相差超过5分钟' };
  }
  const message = `${method}\n${pathWithQuery}\n${auth.timestamp}\n${auth.nonce_str}\n${body}\n`;
  const ok = createVerify('RSA-SHA256').update(message).verify(new X509Certificate(creds.merchantCertificatePem).publicKey, auth.signature, 'base64');
  if (!ok) return { ok: false, status: 401, code: 'SIGN_ERROR', message: '签名错误，请检查签名串与私钥' };
  return { ok: true, auth };
}

export interface WechatpaySignatureHeaders {
  'Wechatpay-Timestamp': string;
  'Wechatpay-Nonce': string;
  'Wechatpay-Signature': string;
  'Wechatpay-Serial': string;
}

/** Sign `ts\nnonce\nbody\n` with the platform key or the WeChat Pay public-key-mode key. */
export function signWechatpay(creds: SandboxCredentials, mode: SigningMode, body: string): WechatpaySignatureHeaders {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomAlnum(32);
  const key = mode === 'certificate' ? creds.platformPrivateKeyPem! : creds.publicKeyPrivateKeyPem!;
  const signature = createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`).sign(key, 'base64');
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature,
    'Wechatpay-Serial': mode === 'certificate' ? creds.platformSerialNo : creds.publicKeyId,
  };
}

export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
}

/** AEAD_AES_256_GCM with the APIv3 key; ciphertext = base64(encrypted || 16-byte tag). */
export function encryptResource(apiV3Key: string, plaintext: string, associatedData: string): EncryptedResource {
  const nonce = randomAlnum(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const enc = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: enc.toString('base64'), associated_data: associatedData, nonce };
}
