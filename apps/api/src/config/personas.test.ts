import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCredentials } from '@shareshop/wechat-sandbox';
import { loadConfig } from './config.js';

// one set of sandbox keys, written where the API looks for them when WeChat is the local sandbox
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'personas-config-'));
const credentials = generateCredentials();
const file = path.join(dir, 'credentials.json');
fs.writeFileSync(file, JSON.stringify(credentials));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const realWechat = {
  WECHAT_APPID: credentials.appid,
  WECHAT_APPSECRET: credentials.appSecret,
  WECHATPAY_MCHID: credentials.mchid,
  WECHATPAY_SERIAL_NO: credentials.merchantSerialNo,
  WECHATPAY_PRIVATE_KEY: credentials.merchantPrivateKeyPem,
  WECHATPAY_APIV3_KEY: credentials.apiV3Key,
  WECHATPAY_PUBLIC_KEY_ID: credentials.publicKeyId,
  WECHATPAY_PUBLIC_KEY: credentials.publicKeyPem,
  WECHATPAY_NOTIFY_BASE_URL: 'https://shop.example.com',
};

test('with the sandbox as WeChat there are four personas and the 平台运营 one is a platform admin', () => {
  const c = loadConfig({ WECHAT_SANDBOX_CREDENTIALS_FILE: file, PLATFORM_ADMIN_OPENIDS: 'ops_1' });
  expect(c.personas).not.toBeNull();
  const openids = Object.values(c.personas!);
  expect(new Set(openids).size).toBe(4);
  for (const id of openids) expect(id).toMatch(/^o[\w-]{27}$/);
  expect(c.auth.PLATFORM_ADMIN_OPENIDS).toEqual(['ops_1', c.personas!.operator]);
  // only the operator: the buyer, shopkeeper and merchant are ordinary users
  expect(c.auth.PLATFORM_ADMIN_OPENIDS).not.toContain(c.personas!.merchantOwner);
});

test('with real WeChat credentials there are no personas and no implicit admins', () => {
  const c = loadConfig({ ...realWechat, WECHAT_SANDBOX_CREDENTIALS_FILE: file, PLATFORM_ADMIN_OPENIDS: 'ops_1' });
  expect(c.wechat?.miniProgram.appid).toBe(credentials.appid);
  expect(c.personas).toBeNull();
  expect(c.auth.PLATFORM_ADMIN_OPENIDS).toEqual(['ops_1']);
});

test('with NODE_ENV=production there are no personas and no implicit admins', () => {
  const c = loadConfig({ ...realWechat, NODE_ENV: 'production', AUTH_TOKEN_SECRET: 'x'.repeat(40), WECHAT_SANDBOX_CREDENTIALS_FILE: file });
  expect(c.personas).toBeNull();
  expect(c.auth.PLATFORM_ADMIN_OPENIDS).toEqual([]);
});

test('without any WeChat keys there are no personas either', () => {
  const c = loadConfig({ WECHAT_SANDBOX_CREDENTIALS_FILE: path.join(dir, 'missing.json') });
  expect(c.wechat).toBeNull();
  expect(c.personas).toBeNull();
  expect(c.auth.PLATFORM_ADMIN_OPENIDS).toEqual([]);
});
