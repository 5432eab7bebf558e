import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface AeadResource {
  algorithm?: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string;
}

const TAG_LENGTH = 16;

/**
 * AEAD_AES_256_GCM decryption as WeChat Pay uses it: base64(ciphertext || 16-byte tag), UTF-8 nonce and
 * associated data, the 32-byte APIv3 key. `final()` is what checks the tag: a tampered ciphertext, tag or
 * associated_data throws here (wechatpay-node-v3's decipher_gcm skips it).
 */
export function decryptAes256Gcm(resource: AeadResource, apiV3Key: string | Buffer): Buffer {
  const key = typeof apiV3Key === 'string' ? Buffer.from(apiV3Key, 'utf8') : apiV3Key;
  if (key.length !== 32) throw new Error('APIv3 key must be exactly 32 bytes');
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length < TAG_LENGTH) throw new Error('ciphertext shorter than the GCM tag');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(resource.nonce, 'utf8'), {
    authTagLength: TAG_LENGTH,
  });
  decipher.setAuthTag(data.subarray(data.length - TAG_LENGTH));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_LENGTH)), decipher.final()]);
}

/** The inverse, for tests and local fakes. */
export function encryptAes256Gcm(
  plaintext: string | Buffer,
  apiV3Key: string | Buffer,
  associatedData = '',
  nonce = randomBytes(6).toString('hex'),
): Required<AeadResource> {
  const key = typeof apiV3Key === 'string' ? Buffer.from(apiV3Key, 'utf8') : apiV3Key;
  const cipher = createCipheriv('aes-256-gcm', key, Buffer.from(nonce, 'utf8'), { authTagLength: TAG_LENGTH });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: body.toString('base64'), nonce, associated_data: associatedData };
}
