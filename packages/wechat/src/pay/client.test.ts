import { createVerify, X509Certificate } from 'node:crypto';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import { encryptAes256Gcm } from '../crypto/aead.js';
import { signingMessage } from '../crypto/rsa.js';
import { WechatPayError } from '../errors.js';
import { configFor } from '../test-support/env.js';
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from '../test-support/fake-server.js';
import { makeWorld, rsaPair } from '../test-support/keys.js';
import { WechatPayClient } from './client.js';

const w = makeWorld();
const platformSign = { serial: w.platform.serial, privateKeyPem: w.platform.privateKeyPem };

/** Verifies the merchant Authorization header the way WeChat does; returns its fields. */
function checkAuthorization(req: FakeRequest): Record<string, string> {
  const header = String(req.headers.authorization ?? '');
  expect(header.startsWith('WECHATPAY2-SHA256-RSA2048 ')).toBe(true);
  const f = Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const msg = signingMessage(req.method, req.url, f.timestamp!, f.nonce_str!, req.body);
  const ok = createVerify('RSA-SHA256').update(msg).verify(new X509Certificate(w.merchant.certPem).publicKey, f.signature!, 'base64');
  expect(ok).toBe(true);
  return f as Record<string, string>;
}

let server: FakeServer;
let route: (req: FakeRequest) => FakeReply;
beforeAll(async () => {
  server = await startFakeServer((req) => route(req));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

function client(extraEnv: Record<string, string | undefined> = {}, opts: ConstructorParameters<typeof WechatPayClient>[1] = {}) {
  return new WechatPayClient(configFor(w, server.baseUrl, { WECHATPAY_PLATFORM_CERTIFICATES: w.platform.certPem, ...extraEnv }), opts);
}

describe('WechatPayClient (against a fake server)', () => {
  it('jsapiPrepay signs the request with the uppercase merchant serial and returns prepay_id', async () => {
    let seen: any;
    route = (req) => {
      const auth = checkAuthorization(req);
      expect(auth.serial_no).toBe(w.merchant.serial);
      expect(auth.mchid).toBe(w.mchid);
      seen = { url: req.url, body: JSON.parse(req.body) };
      return { body: { prepay_id: 'wx201410272009395522657a690389285100' }, sign: platformSign };
    };
    const prepayId = await client().jsapiPrepay({
      outTradeNo: 'SO2026112200001',
      description: '连衣裙',
      amountFen: 1234,
      openid: 'oUser1',
      notifyUrl: 'https://shop.example.com/pay/notify',
      attach: 'shop=1',
      timeExpire: new Date(Date.UTC(2026, 10, 22, 2, 30)),
    });
    expect(prepayId).toBe('wx201410272009395522657a690389285100');
    expect(seen.url).toBe('/v3/pay/transactions/jsapi');
    expect(seen.body).toMatchObject({
      appid: w.appid,
      mchid: w.mchid,
      out_trade_no: 'SO2026112200001',
      amount: { total: 1234, currency: 'CNY' },
      payer: { openid: 'oUser1' },
      time_expire: '2026-11-22T10:30:00+08:00',
    });
  });

  it('requestPaymentParams produce a paySign that verifies with the merchant certificate', () => {
    const p = client({}, { now: () => 1_763_000_000_000 }).requestPaymentParams('wx2019');
    expect(p).toMatchObject({ appId: w.appid, timeStamp: '1763000000', package: 'prepay_id=wx2019', signType: 'RSA' });
    expect(p.nonceStr).toMatch(/^[0-9a-f]{32}$/);
    const ok = createVerify('RSA-SHA256')
      .update(`${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`)
      .verify(new X509Certificate(w.merchant.certPem).publicKey, p.paySign, 'base64');
    expect(ok).toBe(true);
  });

  it('rejects a 2xx response with a forged signature as outcome unknown', async () => {
    route = () => ({ body: { prepay_id: 'wx1' }, sign: { ...platformSign, tamper: true } });
    await expect(client().jsapiPrepay({ outTradeNo: 'SO1xxxxx', description: 'd', amountFen: 1, openid: 'o', notifyUrl: 'https://x/n' })).rejects.toMatchObject(
      { code: 'RESPONSE_SIGNATURE_INVALID', outcome: 'unknown', retryable: true },
    );
  });

  it('rejects a response signed with an unknown serial, and one with a stale timestamp', async () => {
    const stranger = rsaPair();
    route = () => ({ body: { prepay_id: 'wx1' }, sign: { serial: 'ABCDEF0123', privateKeyPem: stranger.privateKeyPem } });
    await expect(client().queryByOutTradeNo('SO1xxxxx')).rejects.toMatchObject({ code: 'RESPONSE_SIGNATURE_INVALID' });
    route = () => ({ body: { trade_state: 'SUCCESS' }, sign: { ...platformSign, timestamp: Math.floor(Date.now() / 1000) - 360 } });
    await expect(client().queryByOutTradeNo('SO1xxxxx')).rejects.toMatchObject({
      code: 'RESPONSE_SIGNATURE_INVALID',
      message: expect.stringContaining('stale_timestamp'),
    });
  });

  it('maps a timeout to a retryable WechatPayError with outcome unknown', async () => {
    route = () => ({ body: { refund_id: 'r' }, sign: platformSign, delayMs: 3000 });
    const err = await client({ WECHAT_HTTP_TIMEOUT_MS: '200' })
      .refund({ outTradeNo: 'SO1xxxxx', outRefundNo: 'RF1xxxxx', refundFen: 100, totalFen: 100, notifyUrl: 'https://x/n' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatPayError);
    expect(err).toMatchObject({ status: 0, code: 'TIMEOUT', retryable: true, outcome: 'unknown' });
  });

  it('maps 5xx to retryable/unknown and a signed 4xx to failed/not retryable', async () => {
    route = () => ({ status: 500, body: { code: 'SYSTEM_ERROR', message: '系统错误' } });
    await expect(client().close('SO1xxxxx')).rejects.toMatchObject({ status: 500, code: 'SYSTEM_ERROR', retryable: true, outcome: 'unknown' });
    route = () => ({ status: 400, body: { code: 'ORDERPAID', message: '该订单已支付' }, sign: platformSign });
    await expect(client().close('SO1xxxxx')).rejects.toMatchObject({ status: 400, code: 'ORDERPAID', retryable: false, outcome: 'failed' });
    route = () => ({ status: 403, body: { code: 'NOT_ENOUGH', message: '余额不足' }, sign: { ...platformSign, tamper: true } });
    await expect(client().queryTransferBill('B1')).rejects.toMatchObject({ code: 'NOT_ENOUGH', outcome: 'unknown' });
  });

  it('close accepts a signed 204', async () => {
    route = (req) => {
      checkAuthorization(req);
      expect(JSON.parse(req.body)).toEqual({ mchid: w.mchid });
      return { status: 204, sign: platformSign };
    };
    await expect(client().close('SO2026112200001')).resolves.toBeUndefined();
    expect(server.requests[0]!.url).toBe('/v3/pay/transactions/out-trade-no/SO2026112200001/close');
  });

  it('fetches platform certificates when none are pinned, and sends Wechatpay-Serial', async () => {
    route = (req) => {
      checkAuthorization(req);
      if (req.url === '/v3/certificates') {
        return {
          body: { data: [{ serial_no: w.platform.serial, encrypt_certificate: encryptAes256Gcm(w.platform.certPem, w.apiV3Key, 'certificate') }] },
          sign: platformSign,
        };
      }
      return { body: { out_trade_no: 'SO1xxxxx', trade_state: 'NOTPAY' }, sign: platformSign };
    };
    const c = client({ WECHATPAY_PLATFORM_CERTIFICATES: undefined });
    expect((await c.queryByOutTradeNo('SO1xxxxx')).trade_state).toBe('NOTPAY');
    expect((await c.queryByOutTradeNo('SO1xxxxx')).trade_state).toBe('NOTPAY');
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v3/pay/transactions/out-trade-no/SO1xxxxx?mchid=' + w.mchid,
      '/v3/certificates',
      '/v3/pay/transactions/out-trade-no/SO1xxxxx?mchid=' + w.mchid,
    ]);
    expect(server.requests[2]!.headers['wechatpay-serial']).toBe(w.platform.serial);
  });

  it('createTransferBill sends the 2025 transfer-bill body and returns package_info', async () => {
    route = (req) => {
      checkAuthorization(req);
      return {
        body: {
          out_bill_no: 'WD1',
          transfer_bill_no: '1330000',
          create_time: '2026-11-22T11:00:00+08:00',
          state: 'WAIT_USER_CONFIRM',
          package_info: 'ABBQO+oYAAAB',
        },
        sign: platformSign,
      };
    };
    const r = await client().createTransferBill({
      outBillNo: 'WD1',
      openid: 'oUser1',
      amountFen: 500,
      remark: '佣金提现',
      notifyUrl: 'https://shop.example.com/n',
      sceneId: '1005',
      sceneReportInfos: [
        { infoType: '岗位类型', infoContent: '分销员' },
        { infoType: '报酬说明', infoContent: '11月佣金' },
      ],
    });
    expect(r).toMatchObject({ state: 'WAIT_USER_CONFIRM', packageInfo: 'ABBQO+oYAAAB', transferBillNo: '1330000' });
    expect(server.requests[0]!.url).toBe('/v3/fund-app/mch-transfer/transfer-bills');
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      appid: w.appid,
      out_bill_no: 'WD1',
      transfer_scene_id: '1005',
      openid: 'oUser1',
      transfer_amount: 500,
      transfer_remark: '佣金提现',
      notify_url: 'https://shop.example.com/n',
      transfer_scene_report_infos: [
        { info_type: '岗位类型', info_content: '分销员' },
        { info_type: '报酬说明', info_content: '11月佣金' },
      ],
    });
  });

  it('cancelTransferBill signs an empty-body POST (the body line is present and empty)', async () => {
    route = (req) => {
      checkAuthorization(req); // verifies against "POST\n…/cancel\nts\nnonce\n\n"
      return { body: { out_bill_no: 'WD1', transfer_bill_no: '1330000', state: 'CANCELING' }, sign: platformSign };
    };
    expect((await client().cancelTransferBill('WD1')).state).toBe('CANCELING');
    expect(server.requests[0]!.body).toBe('');
  });

  it('tradeBill applies, downloads from the configured base, checks SHA1 and parses', async () => {
    const csv =
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,商品名称,商户数据包,手续费,费率,订单金额,费率备注\n`2026-11-21 10:00:00,`wx1,`1900000001,`0,`,`4200000001,`SO1,`oU,`JSAPI,`SUCCESS,`OTHERS,`CNY,`12.34,`0.00,`裙,`,`0.07000,`0.60%,`12.34,`\n总交易单数,应结订单总金额,手续费总金额,订单总金额\n`1,`12.34,`0.07000,`12.34\n';
    let hash = createHash('sha1').update(csv).digest('hex');
    route = (req) => {
      checkAuthorization(req);
      if (req.url.startsWith('/v3/bill/tradebill'))
        return {
          body: { hash_type: 'SHA1', hash_value: hash, download_url: 'https://api.mch.weixin.qq.com/v3/billdownload/file?token=T0K' },
          sign: platformSign,
        };
      return { body: csv, headers: { 'Content-Type': 'text/plain' } }; // unsigned, like WeChat
    };
    const bill = await client().tradeBill('2026-11-21');
    expect(server.requests.map((r) => r.url)).toEqual(['/v3/bill/tradebill?bill_date=2026-11-21&bill_type=ALL', '/v3/billdownload/file?token=T0K']);
    expect(bill.rows).toHaveLength(1);
    expect(bill.rows[0]).toMatchObject({ outTradeNo: 'SO1', settlementTotalFen: 1234 });
    hash = '0'.repeat(40);
    await expect(client().tradeBill('2026-11-21')).rejects.toMatchObject({ code: 'BILL_HASH_MISMATCH' });
    await expect(client().tradeBill('20261121')).rejects.toThrow(RangeError);
  });

  it('downloadTradeBill streams the gzip bill to a temp file, checks SHA1 of the original bill, and cleans up', async () => {
    const row = (i: number) =>
      `\`2026-11-21 10:00:00,\`wx1,\`1900000001,\`0,\`,\`42${String(i).padStart(26, '0')},\`SO${i},\`oU,\`JSAPI,\`SUCCESS,\`OTHERS,\`CNY,\`12.34,\`0.00,\`裙,\`,\`0.07000,\`0.60%,\`12.34,\``;
    const head =
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,商品名称,商户数据包,手续费,费率,订单金额,费率备注';
    const csv = [
      head,
      ...Array.from({ length: 20_000 }, (_, i) => row(i)),
      '总交易单数,应结订单总金额,手续费总金额,订单总金额',
      '`20000,`246800.00,`1400.00000,`246800.00',
      '',
    ].join('\r\n');
    const gz = gzipSync(Buffer.from(csv));
    let hash = createHash('sha1').update(csv).digest('hex'); // of the ORIGINAL bill, as WeChat documents
    route = (req) => {
      const auth = checkAuthorization(req); // the download is a signed request too
      expect(auth.mchid).toBe(w.mchid);
      if (req.url.startsWith('/v3/bill/tradebill'))
        return {
          body: { hash_type: 'SHA1', hash_value: hash, download_url: 'https://api.mch.weixin.qq.com/v3/billdownload/file?token=GZ1' },
          sign: platformSign,
        };
      return { body: gz, headers: { 'Content-Type': 'application/octet-stream' } }; // unsigned, like WeChat
    };
    const dir = fs.mkdtempSync('/tmp/wxbill-test-');
    const bill = await client().downloadTradeBill('2026-11-21', 'ALL', { dir });
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v3/bill/tradebill?bill_date=2026-11-21&bill_type=ALL&tar_type=GZIP',
      '/v3/billdownload/file?token=GZ1',
    ]);
    expect(bill).toMatchObject({ gzip: true, bytes: gz.length, hashType: 'SHA1', hashValue: hash });
    expect(fs.statSync(bill.file).size).toBe(gz.length); // what is on disk is the compressed download
    const pieces: Buffer[] = [];
    for await (const p of bill.open()) pieces.push(p as Buffer);
    expect(Buffer.concat(pieces).toString('utf8')).toBe(csv);
    await bill.remove();
    expect(fs.existsSync(bill.file)).toBe(false);

    // a bill that does not match hash_value is refused and leaves no file behind
    hash = createHash('sha1').update(gz).digest('hex'); // the digest of the gzip file is not WeChat's hash
    await expect(client().downloadTradeBill('2026-11-21', 'ALL', { dir })).rejects.toMatchObject({ code: 'BILL_HASH_MISMATCH', retryable: true });
    expect(fs.readdirSync(dir)).toEqual([]);

    // plain (tar_type unset) works the same way
    hash = createHash('sha1').update(csv).digest('hex');
    route = (req) => {
      checkAuthorization(req);
      if (req.url.startsWith('/v3/bill/tradebill'))
        return {
          body: { hash_type: 'SHA1', hash_value: hash, download_url: 'https://api.mch.weixin.qq.com/v3/billdownload/file?token=P1' },
          sign: platformSign,
        };
      return { body: csv, headers: { 'Content-Type': 'text/plain' } };
    };
    const plain = await client().downloadTradeBill('2026-11-21', 'ALL', { dir, gzip: false });
    expect(server.requests.at(-2)!.url).toBe('/v3/bill/tradebill?bill_date=2026-11-21&bill_type=ALL');
    expect(plain.gzip).toBe(false);
    await plain.remove();

    // WeChat's error on the download (an expired link) is a typed error; a stalled body times out
    route = (req) =>
      req.url.startsWith('/v3/bill/tradebill')
        ? { body: { hash_type: 'SHA1', hash_value: hash, download_url: 'https://api.mch.weixin.qq.com/v3/billdownload/file?token=OLD' }, sign: platformSign }
        : { status: 400, body: { code: 'INVALID_REQUEST', message: '下载链接不存在或已过期' } };
    await expect(client().downloadTradeBill('2026-11-21', 'ALL', { dir })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    route = (req) =>
      req.url.startsWith('/v3/bill/tradebill')
        ? { body: { hash_type: 'SHA1', hash_value: hash, download_url: 'https://api.mch.weixin.qq.com/v3/billdownload/file?token=SLOW' }, sign: platformSign }
        : { body: gz, delayMs: 1000 };
    await expect(client().downloadTradeBill('2026-11-21', 'ALL', { dir, idleTimeoutMs: 200 })).rejects.toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(fs.readdirSync(dir)).toEqual([]);
    fs.rmSync(dir, { recursive: true });
  });

  it('refuses non-integer fen and malformed order numbers before calling WeChat', async () => {
    route = () => ({ status: 500 });
    await expect(client().jsapiPrepay({ outTradeNo: 'SO1xxxxx', description: 'd', amountFen: 12.5, openid: 'o', notifyUrl: 'https://x/n' })).rejects.toThrow(
      RangeError,
    );
    await expect(client().refund({ outTradeNo: 'SO1xxxxx', outRefundNo: 'R1xxxxxx', refundFen: 200, totalFen: 100, notifyUrl: 'https://x/n' })).rejects.toThrow(
      RangeError,
    );
    await expect(client().queryByOutTradeNo('SO 1/../x')).rejects.toThrow(RangeError);
    expect(server.requests).toHaveLength(0);
  });
});
