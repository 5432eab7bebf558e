import Pay from 'wechatpay-node-v3';
import { decryptAes256Gcm, encryptAes256Gcm } from './aead.js';

const key = 'abcdefghijklmnopqrstuvwxyz012345';

function flipBase64Byte(b64: string, index: number): string {
  const buf = Buffer.from(b64, 'base64');
  buf[index < 0 ? buf.length + index : index]! ^= 0x01;
  return buf.toString('base64');
}

describe('AEAD_AES_256_GCM', () => {
  const res = encryptAes256Gcm('{"out_trade_no":"T1","amount":{"total":100}}', key, 'transaction', 'abcdef123456');

  it('round-trips', () => {
    expect(JSON.parse(decryptAes256Gcm(res, key).toString('utf8'))).toEqual({ out_trade_no: 'T1', amount: { total: 100 } });
  });

  it.each([
    ['a flipped ciphertext byte', { ...res, ciphertext: flipBase64Byte(res.ciphertext, 0) }],
    ['a flipped auth tag byte', { ...res, ciphertext: flipBase64Byte(res.ciphertext, -1) }],
    ['different associated_data', { ...res, associated_data: 'refund' }],
    ['a different nonce', { ...res, nonce: 'abcdef123457' }],
  ])('rejects %s', (_label, tampered) => {
    expect(() => decryptAes256Gcm(tampered, key)).toThrow();
  });

  it('rejects the wrong APIv3 key', () => {
    expect(() => decryptAes256Gcm(res, 'x'.repeat(32))).toThrow();
  });

  it('documents why: wechatpay-node-v3 decipher_gcm accepts a tampered tag (no final())', () => {
    const lib = new Pay({ appid: 'wx1', mchid: '1', serial_no: 'AB', publicKey: Buffer.from('x'), privateKey: Buffer.from('x'), key });
    const tampered = flipBase64Byte(res.ciphertext, -1);
    expect(lib.decipher_gcm<{ out_trade_no: string }>(tampered, 'transaction', res.nonce)).toEqual({ out_trade_no: 'T1', amount: { total: 100 } });
    expect(() => decryptAes256Gcm({ ...res, ciphertext: tampered }, key)).toThrow();
  });
});
