import { createCipheriv, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { TestApi } from '../../apps/api/test/harness.js';

type SandboxCredentials = NonNullable<TestApi['sandbox']>['credentials'];

/**
 * Builds WeChat Pay callbacks the way WeChat (and apps/wechat-sandbox/src/notifier.ts + signing.ts) does:
 * envelope `{id, create_time, resource_type, event_type, summary, resource}` with the resource encrypted
 * AEAD_AES_256_GCM under the APIv3 key (ciphertext = base64(encrypted || 16-byte tag)), signed with
 * SHA256-RSA over `timestamp\nnonce\nbody\n` by the platform certificate key or the WeChat Pay public key.
 * Every piece can be overridden, so tests can forge exactly one thing at a time.
 */
export interface EncryptedResource {
  original_type: string;
  algorithm: string;
  ciphertext: string;
  associated_data: string;
  nonce: string;
}

const alnum = (n: number) =>
  randomBytes(n)
    .toString('base64')
    .replace(/[^0-9A-Za-z]/g, 'a')
    .slice(0, n);

export function encryptResource(apiV3Key: string, plaintext: unknown, associatedData: string, originalType: string): EncryptedResource {
  const nonce = alnum(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const text = typeof plaintext === 'string' ? plaintext : JSON.stringify(plaintext);
  const enc = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { original_type: originalType, algorithm: 'AEAD_AES_256_GCM', ciphertext: enc.toString('base64'), associated_data: associatedData, nonce };
}

export function envelope(eventType: string, resource: EncryptedResource, id = `forged-${alnum(16)}`): string {
  return JSON.stringify({
    id,
    create_time: new Date().toISOString().slice(0, 19) + '+00:00',
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary: eventType.startsWith('REFUND') ? '退款成功' : '支付成功',
    resource,
  });
}

export function signMessage(privateKeyPem: string, timestamp: string, nonce: string, body: string): string {
  return createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`).sign(privateKeyPem, 'base64');
}

export type SigningKey = 'publicKey' | 'certificate';

export interface SignOptions {
  key?: SigningKey;
  /** unix seconds; default now */
  timestamp?: number;
  nonce?: string;
  /** sign with this PEM instead of the sandbox's key */
  privateKeyPem?: string;
  /** send this Wechatpay-Serial instead of the key's own */
  serial?: string;
}

export function signedHeaders(creds: SandboxCredentials, body: string, o: SignOptions = {}): Record<string, string> {
  const key = o.key ?? 'publicKey';
  const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = o.nonce ?? alnum(32);
  const pem = o.privateKeyPem ?? (key === 'certificate' ? creds.platformPrivateKeyPem! : creds.publicKeyPrivateKeyPem!);
  return {
    'content-type': 'application/json',
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-signature': signMessage(pem, timestamp, nonce, body),
    'wechatpay-serial': o.serial ?? (key === 'certificate' ? creds.platformSerialNo : creds.publicKeyId),
  };
}

/** A throwaway RSA key: what a forger who does not hold WeChat's key signs with. */
export function foreignKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Flips one bit of the byte at `index` (negative: from the end) of a base64 string's decoded bytes. */
export function flipByte(b64: string, index: number): string {
  const buf = Buffer.from(b64, 'base64');
  const i = index < 0 ? buf.length + index : index;
  buf[i] = buf[i]! ^ 0x01;
  return buf.toString('base64');
}
