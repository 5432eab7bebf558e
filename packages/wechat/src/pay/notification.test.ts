import { randomBytes } from 'node:crypto';
import { encryptAes256Gcm } from '../crypto/aead.js';
import { signSha256WithRsa, signingMessage } from '../crypto/rsa.js';
import { NotificationRejectedError } from '../errors.js';
import { makeWorld } from '../test-support/keys.js';
import { NotificationVerifier, notificationReply } from './notification.js';
import { PlatformKeyStore } from './platform-keys.js';
import { WechatPaySignatureVerifier } from './signature.js';

const w = makeWorld();
// "now" for the verifier: the test world's certificates are valid from a day before the run, so a fixed date
// would turn into a time bomb (it did: a 22 Nov 2026 constant failed from 23 Nov on).
const NOW = Date.now();

function verifier(now = () => NOW) {
  const keys = new PlatformKeyStore({
    apiV3Key: w.apiV3Key,
    pinnedCertificatePems: [w.platform.certPem],
    publicKey: { id: w.publicKey.id, pem: w.publicKey.publicKeyPem },
    now,
  });
  return new NotificationVerifier(new WechatPaySignatureVerifier(keys, { now }), w.apiV3Key);
}

function callback(opts: { mode?: 'cert' | 'pub'; timestamp?: number; resource?: object; aad?: string; mutate?: (body: any) => void } = {}) {
  const resource = encryptAes256Gcm(
    JSON.stringify(opts.resource ?? { out_trade_no: 'SO1', trade_state: 'SUCCESS', amount: { total: 1234 } }),
    w.apiV3Key,
    opts.aad ?? 'transaction',
  );
  const env: any = {
    id: 'EV-1',
    create_time: '2026-11-22T11:00:00+08:00',
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: { original_type: 'transaction', ...resource },
  };
  opts.mutate?.(env);
  const rawBody = JSON.stringify(env);
  const ts = String(Math.floor((opts.timestamp ?? NOW) / 1000));
  const nonce = randomBytes(16).toString('hex');
  const pub = opts.mode === 'pub';
  const signature = signSha256WithRsa(signingMessage(ts, nonce, rawBody), pub ? w.publicKey.privateKeyPem : w.platform.privateKeyPem);
  return {
    rawBody,
    headers: {
      'wechatpay-serial': pub ? w.publicKey.id : w.platform.serial,
      'wechatpay-signature': signature,
      'wechatpay-timestamp': ts,
      'wechatpay-nonce': nonce,
    } as Record<string, string>,
  };
}

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(NotificationRejectedError);
    return (e as NotificationRejectedError).reason;
  }
  throw new Error('expected a rejection');
}

describe('NotificationVerifier', () => {
  it('verifies and decrypts a platform-certificate-signed callback', async () => {
    const cb = callback();
    const n = await verifier().verify({ headers: cb.headers, rawBody: Buffer.from(cb.rawBody) });
    expect(n).toMatchObject({
      id: 'EV-1',
      eventType: 'TRANSACTION.SUCCESS',
      createTime: '2026-11-22T11:00:00+08:00',
      resource: { out_trade_no: 'SO1', amount: { total: 1234 } },
    });
  });

  it('accepts platform-certificate and PUB_KEY_ID_ signatures side by side (switch-over)', async () => {
    const v = verifier();
    const a = callback({ mode: 'cert' });
    const b = callback({ mode: 'pub' });
    expect((await v.verify(a)).id).toBe('EV-1');
    expect((await v.verify(b)).id).toBe('EV-1');
  });

  it('accepts mixed-case header names (fetch Headers and Node objects)', async () => {
    const cb = callback();
    const headers = new Headers(cb.headers);
    expect((await verifier().verify({ headers, rawBody: cb.rawBody })).eventType).toBe('TRANSACTION.SUCCESS');
  });

  it('rejects a forged signature (signed with a key that is not WeChat’s)', async () => {
    const cb = callback();
    const ts = cb.headers['wechatpay-timestamp']!;
    const nonce = cb.headers['wechatpay-nonce']!;
    cb.headers['wechatpay-signature'] = signSha256WithRsa(signingMessage(ts, nonce, cb.rawBody), w.merchant.privateKeyPem);
    expect(await reason(verifier().verify(cb))).toBe('bad_signature');
  });

  it('verifies over the RAW body: re-serialised JSON fails', async () => {
    const cb = callback();
    const reformatted = JSON.stringify(JSON.parse(cb.rawBody), null, 2);
    expect(await reason(verifier().verify({ headers: cb.headers, rawBody: reformatted }))).toBe('bad_signature');
  });

  it('rejects an unknown serial', async () => {
    const cb = callback();
    cb.headers['wechatpay-serial'] = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
    expect(await reason(verifier().verify(cb))).toBe('unknown_serial');
    cb.headers['wechatpay-serial'] = 'PUB_KEY_ID_00000000000000000000000000000000';
    expect(await reason(verifier().verify(cb))).toBe('unknown_serial');
  });

  it('rejects a 6-minute-old timestamp but accepts 4 minutes (injectable clock)', async () => {
    expect(await reason(verifier().verify(callback({ timestamp: NOW - 6 * 60_000 })))).toBe('stale_timestamp');
    expect(await reason(verifier().verify(callback({ timestamp: NOW + 6 * 60_000 })))).toBe('stale_timestamp');
    expect((await verifier().verify(callback({ timestamp: NOW - 4 * 60_000 }))).id).toBe('EV-1');
  });

  it('rejects missing headers', async () => {
    const cb = callback();
    delete cb.headers['wechatpay-nonce'];
    expect(await reason(verifier().verify(cb))).toBe('missing_header');
  });

  it('checks Wechatpay-Signature-Type when present: WECHATPAY2-SHA256-RSA2048 passes, any other scheme is refused', async () => {
    const cb = callback();
    cb.headers['wechatpay-signature-type'] = 'WECHATPAY2-SHA256-RSA2048';
    expect((await verifier().verify(cb)).eventType).toBe('TRANSACTION.SUCCESS');
    for (const other of ['WECHATPAY2-SM2-WITH-SM3', 'HMAC-SHA256', '']) {
      cb.headers['wechatpay-signature-type'] = other;
      expect({ other, reason: await reason(verifier().verify(cb)) }).toEqual({ other, reason: 'unsupported_algorithm' });
    }
  });

  // For the decryption checks the envelope is altered BEFORE signing, so the signature is valid and only GCM
  // authentication can catch it (as if WeChat's key had signed garbage, or the APIv3 key were wrong).
  const flip = (b64: string, i: number) => {
    const b = Buffer.from(b64, 'base64');
    b[i < 0 ? b.length + i : i]! ^= 1;
    return b.toString('base64');
  };
  it('rejects tampered ciphertext', async () => {
    const cb = callback({ mutate: (e) => (e.resource.ciphertext = flip(e.resource.ciphertext, 3)) });
    expect(await reason(verifier().verify(cb))).toBe('decrypt_failed');
  });
  it('rejects a tampered auth tag', async () => {
    const cb = callback({ mutate: (e) => (e.resource.ciphertext = flip(e.resource.ciphertext, -2)) });
    expect(await reason(verifier().verify(cb))).toBe('decrypt_failed');
  });
  it('rejects wrong associated_data', async () => {
    const cb = callback({ mutate: (e) => (e.resource.associated_data = 'refund') });
    expect(await reason(verifier().verify(cb))).toBe('decrypt_failed');
  });
  it('rejects an unsupported algorithm', async () => {
    const cb = callback({ mutate: (e) => (e.resource.algorithm = 'AEAD_SM4_GCM') });
    expect(await reason(verifier().verify(cb))).toBe('unsupported_algorithm');
  });

  it('maps outcomes to WeChat replies', () => {
    expect(notificationReply()).toEqual({ status: 204 });
    expect(notificationReply(new NotificationRejectedError('bad_signature', 'x'))).toEqual({ status: 401, body: { code: 'FAIL', message: 'bad_signature' } });
    expect(notificationReply(new Error('db down')).status).toBe(500);
  });
});
