import { createVerify, X509Certificate } from 'node:crypto';
import type { RunningSandbox, SigningMode } from '@shareshop/wechat-sandbox';
import { configFromSandboxCredentials, type WechatConfig } from './config.js';
import { decryptAes256Gcm } from './crypto/aead.js';
import { signSha256WithRsa, signingMessage } from './crypto/rsa.js';
import { NotificationRejectedError, QrSceneError, WechatPayError } from './errors.js';
import { MiniProgramClient } from './mp/client.js';
import { WechatPayClient } from './pay/client.js';
import type { PayTransaction, RefundNotificationResource, TransferBill } from './pay/types.js';
import { rsaPair } from './test-support/keys.js';
import { control, startCallbackReceiver, startSandbox } from './test-support/sandbox.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
let seq = 0;
const uniq = (prefix: string) => `${prefix}${Date.now().toString(36)}${(++seq).toString().padStart(4, '0')}`.toUpperCase();

/**
 * Waits until the sandbox has no notification delivery pending, then closes the sandbox before the receiver.
 * (Closing mid-delivery makes the sandbox's notifier keep rescheduling retries after close(): see report.)
 */
async function shutdown(sb: RunningSandbox | undefined, receiver: { close(): Promise<void> } | undefined) {
  if (sb) {
    for (let i = 0; i < 40; i++) {
      const pending = (await control<Array<{ state: string }>>(sb.baseUrl, 'GET', '/notifications')).filter((n) => n.state === 'pending');
      if (pending.length === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await sb.close();
  }
  await receiver?.close();
}

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(NotificationRejectedError);
    return (e as NotificationRejectedError).reason;
  }
  throw new Error('expected a NotificationRejectedError');
}

describe.each<SigningMode>(['publicKey', 'certificate'])('against the sandbox, signing mode %s', (mode) => {
  let sb: RunningSandbox;
  let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
  let config: WechatConfig;
  let pay: WechatPayClient;
  let mp: MiniProgramClient;

  beforeAll(async () => {
    sb = await startSandbox({ signingMode: mode, notifyTimeScale: 0.001 });
    receiver = await startCallbackReceiver();
    // certificate mode: no public key configured, so platform certificates are bootstrapped from /v3/certificates
    config = configFromSandboxCredentials(sb.credentials, sb.baseUrl, { notifyBaseUrl: receiver.baseUrl, usePublicKey: mode === 'publicKey' });
    pay = new WechatPayClient(config);
    mp = new MiniProgramClient(config);
  });
  afterAll(async () => {
    await shutdown(sb, receiver);
  });

  async function paidOrder(amountFen: number, opts: { profitSharing?: boolean } = {}) {
    const user = await control<{ code: string; openid: string }>(sb.baseUrl, 'POST', `/users/${uniq('u')}/login-code`);
    const outTradeNo = uniq('SO');
    await pay.jsapiPrepay({
      outTradeNo,
      description: '测试商品',
      amountFen,
      openid: user.openid,
      notifyUrl: pay.notifyUrl('/pay/notify'),
      attach: 'shop=s1',
      ...opts,
    });
    await control(sb.baseUrl, 'POST', '/payments/complete', { out_trade_no: outTradeNo, result: 'SUCCESS' });
    const cb = await receiver.waitFor((c) => c.path === '/pay/notify' && received(c, outTradeNo));
    return { outTradeNo, openid: user.openid, cb };
  }

  it('login code → code2Session; a reused code is refused with errcode 40163', async () => {
    const user = await control<{ code: string; openid: string; unionid: string }>(sb.baseUrl, 'POST', '/users/alice/login-code');
    const s = await mp.code2Session(user.code);
    expect(s.openid).toBe(user.openid);
    expect(s.unionid).toBe(user.unionid);
    expect(s.sessionKey.length).toBeGreaterThan(10);
    await expect(mp.code2Session(user.code)).rejects.toMatchObject({ errcode: 40163, kind: 'invalid_code' });
  });

  it('concurrent mini program calls share one stable_token fetch; wxacode is a PNG', async () => {
    // The sandbox renders real QR PNGs, ~3 s each inside jest on this machine: generous timeout, 3 callers.
    const client = new MiniProgramClient({ ...config, httpTimeoutMs: 30_000 });
    const pngs = await Promise.all(
      Array.from({ length: 3 }, (_, i) => client.getUnlimitedQrCode({ scene: `s=ab${i}&r=XY`, page: 'pages/shop/index', envVersion: 'release', width: 280 })),
    );
    for (const png of pngs) expect(png.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
    expect(client.tokens.fetchCount).toBe(1);
    const calls = await control<Array<{ path: string }>>(sb.baseUrl, 'GET', '/calls');
    expect(calls.filter((c) => c.path.startsWith('/cgi-bin/stable_token')).length).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('scene guard refuses before calling; an unknown page maps 41030', async () => {
    const wxaCalls = async () => (await control<Array<{ path: string }>>(sb.baseUrl, 'GET', '/calls')).filter((c) => c.path.startsWith('/wxa/')).length;
    const before = await wxaCalls();
    await expect(mp.getUnlimitedQrCode({ scene: 'shopId=0f8fad5b-d9cb-469f-a165-70867728950e' })).rejects.toBeInstanceOf(QrSceneError);
    expect(await wxaCalls()).toBe(before);
    await expect(mp.getUnlimitedQrCode({ scene: 's=1', page: 'pages/missing/index', checkPath: true })).rejects.toMatchObject({
      errcode: 41030,
      kind: 'invalid_page',
    });
  });

  it('sends a subscribe message', async () => {
    const user = await control<{ openid: string }>(sb.baseUrl, 'POST', '/users/bob/login-code');
    await mp.sendSubscribeMessage({ toOpenid: user.openid, templateId: 'TPL_SHIPPED', page: 'pages/index/index', data: { thing1: '订单已发货' } });
    const messages = await control<Array<Record<string, any>>>(sb.baseUrl, 'GET', '/messages');
    expect(JSON.stringify(messages)).toContain('TPL_SHIPPED');
  });

  it('prepay → requestPayment params verify with the merchant cert; payment notify verifies and decrypts', async () => {
    const user = await control<{ openid: string }>(sb.baseUrl, 'POST', `/users/carol/login-code`);
    const outTradeNo = uniq('SO');
    const prepayId = await pay.jsapiPrepay({
      outTradeNo,
      description: '连衣裙',
      amountFen: 1234,
      openid: user.openid,
      notifyUrl: pay.notifyUrl('/pay/notify'),
      attach: 'shop=s1',
    });
    expect(prepayId).toMatch(/\S{10,}/);
    const p = pay.requestPaymentParams(prepayId);
    const ok = createVerify('RSA-SHA256')
      .update(`${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`)
      .verify(new X509Certificate(sb.credentials.merchantCertificatePem).publicKey, p.paySign, 'base64');
    expect(ok).toBe(true);
    expect((await pay.queryByOutTradeNo(outTradeNo)).trade_state).toBe('NOTPAY');

    await control(sb.baseUrl, 'POST', '/payments/complete', { out_trade_no: outTradeNo, result: 'SUCCESS' });
    const cb = await receiver.waitFor((c) => c.path === '/pay/notify' && c.rawBody.includes('TRANSACTION.SUCCESS') && received(c, outTradeNo));
    expect(String(cb.headers['wechatpay-serial'])).toBe(mode === 'publicKey' ? sb.credentials.publicKeyId : sb.credentials.platformSerialNo);
    const n = await pay.notifications.verify<PayTransaction>({ headers: cb.headers, rawBody: cb.rawBody });
    expect(n.eventType).toBe('TRANSACTION.SUCCESS');
    expect(n.resource).toMatchObject({
      out_trade_no: outTradeNo,
      trade_state: 'SUCCESS',
      appid: config.pay.appid,
      mchid: config.pay.mchid,
      amount: { total: 1234 },
      attach: 'shop=s1',
      payer: { openid: user.openid },
    });
    const q = await pay.queryByOutTradeNo(outTradeNo);
    expect(q).toMatchObject({ trade_state: 'SUCCESS', transaction_id: n.resource.transaction_id });
  });

  // The callback was encrypted, so match on the decrypted resource.
  const decoded = new Map<string, string>();
  function received(c: { rawBody: string; headers: any }, outNo: string): boolean {
    return c.rawBody.length > 0 && (decoded.get(c.rawBody) ?? peek(c)).includes(outNo);
  }
  function peek(c: { rawBody: string }): string {
    try {
      const env = JSON.parse(c.rawBody);
      const text = decryptAes256Gcm(env.resource, sb.credentials.apiV3Key).toString('utf8');
      decoded.set(c.rawBody, text);
      return text;
    } catch {
      return '';
    }
  }

  it('rejects a forged, unknown-serial, stale or tampered payment callback', async () => {
    const { outTradeNo } = await paidOrder(500);
    const cb = await receiver.waitFor((c) => c.rawBody.includes('TRANSACTION.SUCCESS') && received(c, outTradeNo));
    const h = { ...cb.headers } as Record<string, string>;
    const attacker = rsaPair();
    const forged = signSha256WithRsa(signingMessage(h['wechatpay-timestamp']!, h['wechatpay-nonce']!, cb.rawBody), attacker.privateKeyPem);
    expect(await rejection(pay.notifications.verify({ headers: { ...h, 'wechatpay-signature': forged }, rawBody: cb.rawBody }))).toBe('bad_signature');
    expect(
      await rejection(
        pay.notifications.verify({ headers: { ...h, 'wechatpay-serial': 'PUB_KEY_ID_0000000000000000000000000000000000' }, rawBody: cb.rawBody }),
      ),
    ).toBe('unknown_serial');
    expect(await rejection(pay.notifications.verify({ headers: h, rawBody: cb.rawBody.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" ') }))).toBe(
      'bad_signature',
    );
    const later = new WechatPayClient(config, { now: () => Date.now() + 6 * 60_000 });
    expect(await rejection(later.notifications.verify({ headers: h, rawBody: cb.rawBody }))).toBe('stale_timestamp');
  });

  it('refund → REFUND.SUCCESS notify; queryRefund agrees', async () => {
    const { outTradeNo } = await paidOrder(1000);
    const outRefundNo = uniq('RF');
    const r = await pay.refund({ outTradeNo, outRefundNo, refundFen: 300, totalFen: 1000, reason: '尺码不合适', notifyUrl: pay.notifyUrl('/refund/notify') });
    expect(r).toMatchObject({ out_refund_no: outRefundNo, amount: { refund: 300, total: 1000 } });
    expect(['PROCESSING', 'SUCCESS']).toContain(r.status);
    await control(sb.baseUrl, 'POST', `/refunds/${outRefundNo}/result`, { status: 'SUCCESS' }).catch(() => undefined); // may already be final
    const cb = await receiver.waitFor((c) => c.path === '/refund/notify' && received(c, outRefundNo));
    const n = await pay.notifications.verify<RefundNotificationResource>({ headers: cb.headers, rawBody: cb.rawBody });
    expect(n.eventType).toBe('REFUND.SUCCESS');
    expect(n.resource).toMatchObject({ out_trade_no: outTradeNo, out_refund_no: outRefundNo, refund_status: 'SUCCESS', amount: { refund: 300, total: 1000 } });
    expect((await pay.queryRefund(outRefundNo)).status).toBe('SUCCESS');
  });

  it('transfer bill → user confirms → MCHTRANSFER.BILL.FINISHED notify; cancel before confirm', async () => {
    const user = await control<{ openid: string }>(sb.baseUrl, 'POST', '/users/dave/login-code');
    const outBillNo = uniq('WD');
    const t = await pay.createTransferBill({
      outBillNo,
      openid: user.openid,
      amountFen: 1500,
      remark: '佣金提现',
      notifyUrl: pay.notifyUrl('/transfer/notify'),
      sceneId: '1005',
      sceneReportInfos: [
        { infoType: '岗位类型', infoContent: '分销员' },
        { infoType: '报酬说明', infoContent: '11月佣金' },
      ],
    });
    expect(t.state).toBe('WAIT_USER_CONFIRM');
    expect(t.packageInfo).toBeTruthy();
    expect(t.outBillNo).toBe(outBillNo);
    await control(sb.baseUrl, 'POST', `/transfers/${outBillNo}/confirm`);
    const cb = await receiver.waitFor((c) => c.path === '/transfer/notify' && received(c, outBillNo) && decoded.get(c.rawBody)!.includes('"SUCCESS"'));
    const n = await pay.notifications.verify<TransferBill>({ headers: cb.headers, rawBody: cb.rawBody });
    expect(n.eventType).toBe('MCHTRANSFER.BILL.FINISHED');
    expect(n.resource).toMatchObject({ out_bill_no: outBillNo, state: 'SUCCESS', transfer_amount: 1500, transfer_bill_no: t.transferBillNo });
    expect((await pay.queryTransferBill(outBillNo)).state).toBe('SUCCESS');

    const other = uniq('WD');
    await pay.createTransferBill({
      outBillNo: other,
      openid: user.openid,
      amountFen: 100,
      remark: '佣金提现',
      notifyUrl: pay.notifyUrl('/transfer/notify'),
      sceneId: '1005',
      sceneReportInfos: [{ infoType: '岗位类型', infoContent: '分销员' }],
    });
    expect(['CANCELING', 'CANCELLED']).toContain((await pay.cancelTransferBill(other)).state);
  });

  it('a timed-out transfer create is outcome unknown; querying the SAME out_bill_no finds it', async () => {
    const user = await control<{ openid: string }>(sb.baseUrl, 'POST', '/users/erin/login-code');
    const impatient = new WechatPayClient({ ...config, httpTimeoutMs: 300 });
    await control(sb.baseUrl, 'POST', '/faults', { endpoint: 'POST /v3/fund-app/mch-transfer/transfer-bills', mode: 'timeout', delayMs: 1500, applied: true });
    const outBillNo = uniq('WD');
    const err = await impatient
      .createTransferBill({
        outBillNo,
        openid: user.openid,
        amountFen: 200,
        remark: '佣金提现',
        notifyUrl: pay.notifyUrl('/transfer/notify'),
        sceneId: '1005',
        sceneReportInfos: [{ infoType: '岗位类型', infoContent: '分销员' }],
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatPayError);
    expect(err).toMatchObject({ code: 'TIMEOUT', outcome: 'unknown', retryable: true });
    expect((await pay.queryTransferBill(outBillNo)).state).toBe('WAIT_USER_CONFIRM');
  });

  it('a 5xx on prepay is retryable with outcome unknown', async () => {
    await control(sb.baseUrl, 'POST', '/faults', { endpoint: 'POST /v3/pay/transactions/jsapi', mode: 'error500' });
    const err = await pay
      .jsapiPrepay({ outTradeNo: uniq('SO'), description: 'x', amountFen: 1, openid: 'o', notifyUrl: pay.notifyUrl('/pay/notify') })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 500, retryable: true, outcome: 'unknown' });
  });

  it('close an unpaid order; a signed 4xx is outcome failed', async () => {
    const user = await control<{ openid: string }>(sb.baseUrl, 'POST', '/users/frank/login-code');
    const outTradeNo = uniq('SO');
    await pay.jsapiPrepay({ outTradeNo, description: 'x', amountFen: 100, openid: user.openid, notifyUrl: pay.notifyUrl('/pay/notify') });
    await pay.close(outTradeNo);
    expect((await pay.queryByOutTradeNo(outTradeNo)).trade_state).toBe('CLOSED');
    await expect(pay.queryByOutTradeNo(uniq('NOPE'))).rejects.toMatchObject({ status: 404, code: 'ORDER_NOT_EXIST', outcome: 'failed', retryable: false });
  });

  it('profit sharing: add receiver, create, query, unfreeze', async () => {
    const { outTradeNo, openid } = await paidOrder(10_000, { profitSharing: true });
    const tx = await pay.queryByOutTradeNo(outTradeNo);
    await pay.addProfitSharingReceiver({ type: 'PERSONAL_OPENID', account: openid, relationType: 'DISTRIBUTOR' });
    const outOrderNo = uniq('PS');
    const o = await pay.createProfitSharing({
      transactionId: tx.transaction_id!,
      outOrderNo,
      receivers: [{ type: 'PERSONAL_OPENID', account: openid, amountFen: 1000, description: '分销佣金' }],
      unfreezeUnsplit: false,
    });
    expect(o).toMatchObject({ out_order_no: outOrderNo, transaction_id: tx.transaction_id });
    expect((await pay.queryProfitSharing(tx.transaction_id!, outOrderNo)).out_order_no).toBe(outOrderNo);
    const u = await pay.unfreezeProfitSharing({ transactionId: tx.transaction_id!, outOrderNo: uniq('UF'), description: '解冻全部剩余资金' });
    expect(u.transaction_id).toBe(tx.transaction_id);
  });
});

describe('against the sandbox: platform-certificate → public-key switch-over', () => {
  it('accepts callbacks signed either way with both configured, fetching /v3/certificates once', async () => {
    const sb = await startSandbox({ signingMode: 'certificate', notifyTimeScale: 0.001 });
    const receiver = await startCallbackReceiver();
    try {
      const config = configFromSandboxCredentials(sb.credentials, sb.baseUrl, { notifyBaseUrl: receiver.baseUrl });
      const pay = new WechatPayClient(config);
      const user = await control<{ openid: string }>(sb.baseUrl, 'POST', '/users/gina/login-code');
      const serials: string[] = [];
      for (const m of ['certificate', 'publicKey', 'certificate'] as const) {
        await control(sb.baseUrl, 'POST', '/signing-mode', { mode: m });
        const outTradeNo = uniq('SW');
        await pay.jsapiPrepay({ outTradeNo, description: 'x', amountFen: 100, openid: user.openid, notifyUrl: `${receiver.baseUrl}/n` });
        await control(sb.baseUrl, 'POST', '/payments/complete', { out_trade_no: outTradeNo, result: 'SUCCESS' });
        const cb = await receiver.waitFor((c) => c.rawBody.length > 0 && !serials.includes(c.rawBody) && receiver.received.indexOf(c) === serials.length);
        serials.push(cb.rawBody);
        const n = await pay.notifications.verify<PayTransaction>({ headers: cb.headers, rawBody: cb.rawBody });
        expect(n.resource.out_trade_no).toBe(outTradeNo);
        expect(String(cb.headers['wechatpay-serial'])).toBe(m === 'certificate' ? sb.credentials.platformSerialNo : sb.credentials.publicKeyId);
      }
      expect(pay.keys.fetchCount).toBe(1);
    } finally {
      await shutdown(sb, receiver);
    }
  });
});

describe('against the sandbox: trade bill', () => {
  it('downloads and parses the trade bill for the business day, amounts in fen', async () => {
    const sb = await startSandbox({ notifyTimeScale: 0.001 });
    const receiver = await startCallbackReceiver();
    try {
      const pay = new WechatPayClient(configFromSandboxCredentials(sb.credentials, sb.baseUrl, { notifyBaseUrl: receiver.baseUrl }));
      const user = await control<{ openid: string }>(sb.baseUrl, 'POST', '/users/henry/login-code');
      // Pin the sandbox clock to a known Shanghai morning, pay and refund, then move past D+1 10:00.
      await control(sb.baseUrl, 'POST', '/clock', { set: '2026-11-20T09:00:00+08:00' });
      const orders = [
        { no: uniq('TB'), fen: 1234 },
        { no: uniq('TB'), fen: 29 },
      ];
      for (const o of orders) {
        await pay.jsapiPrepay({ outTradeNo: o.no, description: '商品,逗号', amountFen: o.fen, openid: user.openid, notifyUrl: `${receiver.baseUrl}/n` });
        await control(sb.baseUrl, 'POST', '/payments/complete', { out_trade_no: o.no, result: 'SUCCESS' });
      }
      const outRefundNo = uniq('RF');
      await pay.refund({ outTradeNo: orders[0]!.no, outRefundNo, refundFen: 115, totalFen: 1234, notifyUrl: `${receiver.baseUrl}/r` });
      await control(sb.baseUrl, 'POST', '/clock', { set: '2026-11-21T10:30:00+08:00' });

      const bill = await pay.tradeBill('2026-11-20');
      const success = bill.rows.filter((r) => r.tradeState === 'SUCCESS');
      expect(success.map((r) => [r.outTradeNo, r.settlementTotalFen, r.totalFen]).sort()).toEqual(orders.map((o) => [o.no, o.fen, o.fen]).sort());
      for (const r of success) {
        expect(r).toMatchObject({ appid: sb.credentials.appid, mchid: sb.credentials.mchid, openid: user.openid, tradeType: 'JSAPI' });
        expect(r.transactionId).toMatch(/^\d+$/);
        expect(r.tradeTime.startsWith('2026-11-20 09:')).toBe(true);
      }
      const refund = bill.rows.find((r) => r.tradeState === 'REFUND');
      expect(refund).toMatchObject({ outTradeNo: orders[0]!.no, outRefundNo, refundFen: 115 });
      expect(bill.summary).toMatchObject({ totalCount: 3, settlementTotalFen: 1234 + 29, refundFen: 115 });
      await expect(pay.tradeBill('2026-11-21')).rejects.toMatchObject({ code: 'NO_STATEMENT_EXIST', outcome: 'failed' });
    } finally {
      await shutdown(sb, receiver);
    }
  });
});
