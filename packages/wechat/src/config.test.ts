import { parseWechatConfig, configFromSandboxCredentials } from './config.js';
import { WechatConfigError } from './errors.js';
import { envFor } from './test-support/env.js';
import { makeWorld } from './test-support/keys.js';

const w = makeWorld();

function issuesOf(env: Record<string, string | undefined>): string[] {
  try {
    parseWechatConfig(env, {
      readFile: (p) => {
        throw new Error(`ENOENT ${p}`);
      },
    });
  } catch (e) {
    expect(e).toBeInstanceOf(WechatConfigError);
    return (e as WechatConfigError).issues.map((i) => i.variable);
  }
  throw new Error('expected a WechatConfigError');
}

describe('parseWechatConfig', () => {
  it('parses a complete environment and uppercases the merchant serial', () => {
    const cfg = parseWechatConfig(envFor(w, 'http://127.0.0.1:9', { WECHATPAY_SERIAL_NO: w.merchant.serial.toLowerCase() }));
    expect(cfg.pay.merchantSerialNo).toBe(w.merchant.serial);
    expect(cfg.miniProgram.apiBase).toBe('http://127.0.0.1:9');
    expect(cfg.pay.baseUrl).toBe('http://127.0.0.1:9');
    expect(cfg.httpTimeoutMs).toBe(1000);
    expect(cfg.pay.publicKey).toBeUndefined();
  });

  it('defaults both base URLs to production hosts', () => {
    const env = envFor(w, 'x', { WECHAT_API_BASE: undefined, WECHATPAY_BASE: undefined });
    const cfg = parseWechatConfig(env);
    expect(cfg.miniProgram.apiBase).toBe('https://api.weixin.qq.com');
    expect(cfg.pay.baseUrl).toBe('https://api.mch.weixin.qq.com');
  });

  it('names every missing variable at once', () => {
    expect(issuesOf({}).sort()).toEqual(
      [
        'WECHATPAY_APIV3_KEY',
        'WECHATPAY_MCHID',
        'WECHATPAY_NOTIFY_BASE_URL',
        'WECHATPAY_PRIVATE_KEY',
        'WECHATPAY_SERIAL_NO',
        'WECHAT_APPID',
        'WECHAT_APPSECRET',
      ].sort(),
    );
  });

  it('requires the APIv3 key to be exactly 32 bytes', () => {
    expect(issuesOf(envFor(w, 'http://h', { WECHATPAY_APIV3_KEY: 'x'.repeat(31) }))).toEqual(['WECHATPAY_APIV3_KEY']);
    // 11 CJK characters are 33 bytes in UTF-8 even though they are 11 characters
    expect(issuesOf(envFor(w, 'http://h', { WECHATPAY_APIV3_KEY: '密'.repeat(11) }))).toEqual(['WECHATPAY_APIV3_KEY']);
  });

  it('rejects a serial that does not match the merchant certificate, and a foreign certificate', () => {
    expect(issuesOf(envFor(w, 'http://h', { WECHATPAY_SERIAL_NO: 'ABCDEF' }))).toEqual(['WECHATPAY_SERIAL_NO']);
    const other = makeWorld();
    expect(issuesOf(envFor(w, 'http://h', { WECHATPAY_CERTIFICATE: other.merchant.certPem, WECHATPAY_SERIAL_NO: other.merchant.serial }))).toEqual([
      'WECHATPAY_CERTIFICATE',
    ]);
  });

  it('reads *_FILE variables and reports unreadable files by name', () => {
    const files: Record<string, string> = { '/keys/apiclient_key.pem': w.merchant.privateKeyPem };
    const cfg = parseWechatConfig(envFor(w, 'http://h', { WECHATPAY_PRIVATE_KEY: undefined, WECHATPAY_PRIVATE_KEY_FILE: '/keys/apiclient_key.pem' }), {
      readFile: (p) =>
        files[p] ??
        (() => {
          throw new Error('ENOENT');
        })(),
    });
    expect(cfg.pay.merchantPrivateKeyPem).toBe(w.merchant.privateKeyPem);
    expect(issuesOf(envFor(w, 'http://h', { WECHATPAY_PRIVATE_KEY: undefined, WECHATPAY_PRIVATE_KEY_FILE: '/nope' }))).toEqual(['WECHATPAY_PRIVATE_KEY_FILE']);
  });

  it('validates public key mode and the notify URL', () => {
    expect(issuesOf(envFor(w, 'http://h', { WECHATPAY_PUBLIC_KEY_ID: 'KEY_1', WECHATPAY_PUBLIC_KEY: w.publicKey.publicKeyPem }))).toEqual([
      'WECHATPAY_PUBLIC_KEY_ID',
    ]);
    expect(issuesOf(envFor(w, 'http://h', { WECHATPAY_PUBLIC_KEY_ID: w.publicKey.id }))).toEqual(['WECHATPAY_PUBLIC_KEY']);
    expect(issuesOf(envFor(w, 'x', { WECHATPAY_BASE: undefined, WECHAT_API_BASE: undefined, WECHATPAY_NOTIFY_BASE_URL: 'http://shop.example.com' }))).toEqual([
      'WECHATPAY_NOTIFY_BASE_URL',
    ]);
    const cfg = parseWechatConfig(envFor(w, 'http://h', { WECHATPAY_PUBLIC_KEY_ID: w.publicKey.id, WECHATPAY_PUBLIC_KEY: w.publicKey.publicKeyPem }));
    expect(cfg.pay.publicKey?.id).toBe(w.publicKey.id);
  });

  it('splits a pinned platform certificate bundle', () => {
    const other = makeWorld();
    const cfg = parseWechatConfig(envFor(w, 'http://h', { WECHATPAY_PLATFORM_CERTIFICATES: w.platform.certPem + other.platform.certPem }));
    expect(cfg.pay.platformCertificatePems).toHaveLength(2);
  });

  it('builds a sandbox config with both base URLs on the sandbox', () => {
    const cfg = configFromSandboxCredentials(
      {
        appid: w.appid,
        appSecret: w.appSecret,
        mchid: w.mchid,
        merchantSerialNo: w.merchant.serial,
        merchantPrivateKeyPem: w.merchant.privateKeyPem,
        merchantCertificatePem: w.merchant.certPem,
        apiV3Key: w.apiV3Key,
        publicKeyId: w.publicKey.id,
        publicKeyPem: w.publicKey.publicKeyPem,
      },
      'http://127.0.0.1:4000',
    );
    expect(cfg.miniProgram.apiBase).toBe('http://127.0.0.1:4000');
    expect(cfg.pay.baseUrl).toBe('http://127.0.0.1:4000');
    expect(cfg.pay.publicKey?.id).toBe(w.publicKey.id);
  });
});
